/**
 * A checklist run unattended as a rollout's procedure (issue 14), over real SSH: three sshd under three host
 * names, each with its own `df` first on the PATH (sshd's ForceCommand), so the disk.free probe reads 60 %
 * free on ws-a and ws-b and 2 % on ws-c. The probes run over each host's connection, the procedure's
 * answers stand in for a person, a step with no answer sets the host aside as needing a human (never a
 * silent pass), the verdict is the conclusion reached, and the results land on the change ticket.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { ChecklistStore } from '../../../electron/core/checklists/store';
import { KnownHostsStore } from '../../../electron/core/ssh';
import type { ChangeRecordInput, ChecklistProcedure } from '../../../shared/changes';
import type { Ticket } from '../../../shared/tickets';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';

const FREE_PERCENT: Record<string, number> = { 'ws-a': 60, 'ws-b': 60, 'ws-c': 2 };

const CHECKLIST = `id: pre-update
version: 1
title: { fr: "Avant la mise à jour", en: "Before the update" }
applies_to: { os: [linux] }
start: users-off
steps:
  - id: users-off
    kind: question
    text: { fr: "Les utilisateurs sont-ils déconnectés ?", en: "Are the users logged off?" }
    answers:
      - { label: { fr: "Oui", en: "Yes" }, next: free-space }
      - { label: { fr: "Non", en: "No" }, next: wait-users }
  - id: free-space
    kind: probe
    text: { fr: "Espace libre", en: "Free space" }
    probe: disk.free
    args: { mount: "/" }
    rules:
      - { when: { field: free_percent, op: "<", value: 10 }, result: fail }
    next: { pass: tell-user, fail: disk-full, unavailable: disk-full }
  - id: tell-user
    kind: instruction
    text: { fr: "Prévenez l’utilisateur que la mise à jour commence.", en: "Tell the user the update starts." }
    next: { done: ready, failed: wait-users }
  - id: ready
    kind: conclusion
    diagnosis: { fr: "Prêt pour la mise à jour.", en: "Ready for the update." }
    resolution: { fr: "Lancez la mise à jour.", en: "Start the update." }
    escalate: none
  - id: disk-full
    kind: conclusion
    diagnosis: { fr: "Disque presque plein.", en: "Disk nearly full." }
    resolution: { fr: "Libérez de l’espace avant la mise à jour.", en: "Free some space before the update." }
    escalate: N2
    escalation_reason: { fr: "Espace disque.", en: "Disk space." }
  - id: wait-users
    kind: conclusion
    diagnosis: { fr: "Utilisateurs encore connectés.", en: "Users still logged on." }
    resolution: { fr: "Revenez plus tard.", en: "Come back later." }
    escalate: none
`;

describe('a checklist rolled out unattended over real SSH', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-rollout-checklist-'));
  const dir = mkdtempSync(join(tmpdir(), 'atelier-rollout-checklist-hosts-'));
  const sshds: Sshd[] = [];
  let core: Core;

  const call = <T = any>(name: string, input: unknown): Promise<T> => core.dispatch(name as never, input as never) as Promise<T>;
  const changeOf = (id: string) => (core.tickets.store.ticket(id) as Ticket).change!;
  const waitJob = async (jobId: string) => {
    for (let i = 0; i < 900; i++) {
      if (!(core.jobs.list() as { jobId: string }[]).some((j) => j.jobId === jobId)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} still running after 90 s`);
  };
  const record = (hosts: string[], checklist: ChecklistProcedure | Record<string, unknown>): ChangeRecordInput => ({
    type: 'normal',
    risk: 'low',
    plan: 'Check each workstation before the update',
    testPlan: 'Each host reaches "ready"',
    rollbackPlan: 'Nothing changes on the hosts',
    hosts,
    procedure: { checklist: checklist as ChecklistProcedure, timeoutSeconds: 60 },
  });
  const approvedChange = async (title: string, rec: ChangeRecordInput) => {
    const id = (await call<{ ticket: Ticket }>('changes.create', { title, record: rec })).ticket.id;
    await call('changes.approve', { ticketId: id });
    return id;
  };

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    const key = generateKeyPair(dir, 'client');
    core = openTestCore(dataDir);
    await call('settings.update', { technician: 'marc', level: 'N2' });
    // Authored by an N2 and stored like any published checklist.
    new ChecklistStore(core.db).importText(CHECKLIST, 'editor', 'pre-update.yaml');
    for (const [name, free] of Object.entries(FREE_PERCENT)) {
      const bin = join(dir, `bin-${name}`);
      mkdirSync(bin, { mode: 0o755 });
      const total = 1_000_000;
      writeFileSync(join(bin, 'df'), `#!/bin/sh\necho "Filesystem 1024-blocks Used Available Capacity Mounted on"\necho "/dev/vda1 ${total} ${total - free * 10_000} ${free * 10_000} ${100 - free}% /"\n`, { mode: 0o755 });
      const sshd = await startSshd({ extraConfig: [`ForceCommand PATH=${bin}:$PATH; export PATH; exec sh -c "$SSH_ORIGINAL_COMMAND"`] });
      sshd.authorize(key.publicKey);
      sshds.push(sshd);
      await call('hosts.add', { name, address: sshd.host, port: sshd.port, user: sshd.user, osFamily: 'linux', auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } });
      new KnownHostsStore(core.db).trust(sshd.host, sshd.port, Buffer.from(sshd.hostPublicKey.split(/\s+/)[1] ?? '', 'base64'));
    }
  }, 120_000);
  afterAll(async () => {
    core?.close();
    for (const sshd of sshds) await disposeSshd(sshd);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the probes on each host; the verdict is the conclusion; the answers and readings land on the change', { timeout: 120_000 }, async () => {
    const id = await approvedChange('Before the update', record(['ws-a', 'ws-b', 'ws-c'], { id: 'pre-update', version: 1, answers: { 'users-off': 0, 'tell-user': 'done' } }));
    const preview = await call<{ hosts: { host: string; command: string | null }[]; blocked: string | null }>('changes.preview', { ticketId: id });
    expect(preview.blocked).toBeNull();
    expect(preview.hosts[0]?.command).toBe('checklist pre-update v1, run unattended with its probes (answers: users-off=0, tell-user=done)');

    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 2, failureThreshold: 5 });
    await waitJob(jobId);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout.outcome).toBe('completed');
    expect(rollout.results.map((r) => [r.host, r.phase, r.outcome])).toEqual(
      expect.arrayContaining([
        ['ws-a', 'run', 'succeeded'],
        ['ws-b', 'run', 'succeeded'],
        ['ws-c', 'run', 'failed'],
      ]),
    );
    const of = (host: string) => rollout.results.find((r) => r.host === host)!;
    expect(of('ws-a').output).toContain('users-off — question "Are the users logged off?": answered "Yes" (the procedure\'s answer)');
    expect(of('ws-a').output).toContain('free-space — probe disk.free: pass (mount=/');
    expect(of('ws-a').output).toContain('tell-user — instruction "Tell the user the update starts.": done (the procedure\'s answer)');
    expect(of('ws-a').output).toMatch(/conclusion ready: Ready for the update\. \(success\)\n$/);
    expect(of('ws-a').reason).toBeNull();
    // ws-c's probe failed there (its df says 2 % free): the checklist went to its disk-full conclusion.
    expect(of('ws-c').output).toContain('free-space — probe disk.free: fail (mount=/');
    expect(of('ws-c').output).toContain('free_percent=2');
    expect(of('ws-c').reason).toBe('the checklist concluded "disk-full": Disk nearly full.');

    // The whole transcript, with each probe's raw output, is attached to the change like a script's output.
    const file = Buffer.from((await call<{ base64: string }>('attachments.get', { hash: of('ws-c').attachment!.hash })).base64, 'base64').toString('utf8');
    expect(file).toContain('/dev/vda1 1000000 980000 20000 98% /');
    expect((core.tickets.store.ticket(id) as Ticket).attachments.map((f) => f.name)).toContain(`ws-c-run-${runId.slice(0, 8)}.log`);
  });

  it('a step the procedure does not answer makes the host need a human: skipped with why, never passed', { timeout: 120_000 }, async () => {
    // No answer for the instruction: ws-a reaches it and needs a human, so the canary role passes to ws-c, which fails.
    const id = await approvedChange('Half answered', record(['ws-a', 'ws-c', 'ws-b'], { id: 'pre-update', version: 1, answers: { 'users-off': 0 } }));
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 1, failureThreshold: 0 });
    await waitJob(jobId);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout).toMatchObject({ outcome: 'stopped', reason: 'the canary host ws-c failed' });
    expect(rollout.results.map((r) => [r.host, r.outcome])).toEqual([
      ['ws-a', 'skipped'],
      ['ws-c', 'failed'],
      ['ws-b', 'skipped'],
    ]);
    expect(rollout.results[0]?.reason).toBe('needs a human: step "tell-user" says "Tell the user the update starts." and the procedure gives no answer for it');
    // What ran before the step that needs a person is kept.
    expect(rollout.results[0]?.output).toContain('free-space — probe disk.free: pass');
  });

  it('refuses a checklist procedure that does not fit its checklist, naming where, before anything is saved', async () => {
    await expect(call('changes.create', { title: 'Bad step', record: record(['ws-a'], { id: 'pre-update', version: 1, answers: { 'users-gone': 0 } }) })).rejects.toThrow(
      'the checklist pre-update v1 has no step "users-gone"',
    );
    await expect(call('changes.create', { title: 'Bad answer', record: record(['ws-a'], { id: 'pre-update', version: 1, answers: { 'users-off': 'done' } }) })).rejects.toThrow(
      /step "users-off" is a question: answer with the number of one of its 2 answers/,
    );
    await expect(call('changes.create', { title: 'Bad version', record: record(['ws-a'], { id: 'pre-update', version: 7, answers: {} }) })).rejects.toThrow(
      'this device does not hold the checklist pre-update version 7: import or publish it first',
    );
    await expect(call('changes.create', { title: 'Both', record: { ...record(['ws-a'], { id: 'pre-update', version: 1 }), procedure: { script: 'true', checklist: { id: 'pre-update', version: 1 } } } })).rejects.toThrow(
      /a procedure runs a script or a checklist: give exactly one of the two/,
    );
    const titles = (await call<{ title: string }[]>('changes.list', {})).map((c) => c.title);
    expect(titles.filter((t) => ['Bad step', 'Bad answer', 'Bad version', 'Both'].includes(t))).toEqual([]);
  });
});
