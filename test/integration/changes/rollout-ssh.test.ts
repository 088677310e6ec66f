/**
 * Rollouts over real SSH (issue 14): four sshd under four host names, each with its own state folder
 * (sshd's SetEnv STATE_DIR); the procedure fails where the folder has no `ready` file. The canary failing
 * stops the rollout, the threshold stops a wave, an unknown host key is skipped with its reason, Cancel
 * signals the running command and skips the rest, rollback runs on the failed hosts only, and every result
 * is on the change ticket after the app restarts.
 */
import { chmodSync, chownSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { KnownHostsStore } from '../../../electron/core/ssh';
import type { ChangeRecordInput } from '../../../shared/changes';
import type { Ticket } from '../../../shared/tickets';
import { runCli } from '../../setup/cli';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, userIds, type Sshd } from '../../setup/sshd';

const NAMES = ['ws-a', 'ws-b', 'ws-c', 'ws-d'] as const;
/** ws-c has no `ready` file (the procedure fails there); ws-d's host key is never trusted. */
const READY = new Set(['ws-a', 'ws-b', 'ws-d']);

const procedure = {
  script: 'test -f "$STATE_DIR/ready" || { echo "not ready on this host"; exit 4; }\nprintf "%s\\n" "$LINE" > "$STATE_DIR/applied"\necho applied',
  params: [{ name: 'LINE', type: 'string' as const }],
  verify: 'grep -qxF "$LINE" "$STATE_DIR/applied"',
  rollback: 'rm -f "$STATE_DIR/applied"; touch "$STATE_DIR/rolled-back"; echo rolled back',
  timeoutSeconds: 60,
};

const record = (hosts: string[], extra: Partial<ChangeRecordInput> = {}): ChangeRecordInput => ({
  type: 'normal',
  risk: 'medium',
  plan: 'Write the proxy line',
  testPlan: 'The line is in the file',
  rollbackPlan: 'Remove it',
  hosts,
  procedure,
  params: { LINE: "proxy=http://10.0.0.1:3128 # it's quoted" },
  ...extra,
});

describe('rollouts over real SSH', () => {
  // Folders that live for the whole file (tempDir's are removed after each test).
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-rollout-'));
  const keyDir = mkdtempSync(join(tmpdir(), 'atelier-rollout-keys-'));
  const sshds: Sshd[] = [];
  const states: Record<string, string> = {};
  let core: Core;

  const call = <T = any>(name: string, input: unknown): Promise<T> => core.dispatch(name as never, input as never) as Promise<T>;
  const changeOf = (id: string) => (core.tickets.store.ticket(id) as Ticket).change!;
  const waitJob = async (jobId: string) => {
    for (let i = 0; i < 600; i++) {
      const jobs = core.jobs.list() as { jobId: string }[];
      if (!jobs.some((j) => j.jobId === jobId)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${jobId} still running after 60 s`);
  };
  const approvedChange = async (title: string, rec: ChangeRecordInput) => {
    const id = (await call<{ ticket: Ticket }>('changes.create', { title, record: rec })).ticket.id;
    await call('changes.approve', { ticketId: id, note: 'go' });
    return id;
  };

  beforeAll(async () => {
    const key = generateKeyPair(keyDir, 'client');
    const { uid, gid } = userIds();
    // The test user walks through it to its state folders.
    chmodSync(keyDir, 0o755);
    core = openTestCore(dataDir);
    await call('settings.update', { technician: 'marc', level: 'N2' });
    for (const name of NAMES) {
      const state = join(keyDir, `state-${name}`);
      mkdirSync(state);
      chownSync(state, uid, gid);
      if (READY.has(name)) writeFileSync(join(state, 'ready'), '');
      states[name] = state;
      // Up to 32 logins at once on one server in the fleet test (16 running, 16 opened ahead): above sshd's default MaxStartups.
      const sshd = await startSshd({ extraConfig: [`SetEnv STATE_DIR=${state}`, 'MaxStartups 100:30:200'] });
      sshd.authorize(key.publicKey);
      sshds.push(sshd);
      await call('hosts.add', { name, address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } });
      if (name !== 'ws-d') new KnownHostsStore(core.db).trust(sshd.host, sshd.port, Buffer.from(sshd.hostPublicKey.split(/\s+/)[1] ?? '', 'base64'));
    }
  }, 120_000);
  afterAll(async () => {
    core?.close();
    for (const sshd of sshds) await disposeSshd(sshd);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(keyDir, { recursive: true, force: true });
  });

  it('previews the exact command per host and the hosts skipped, and will not run before the approval', async () => {
    const id = (await call<{ ticket: Ticket }>('changes.create', { title: 'Proxy line', record: record(['ws-a', 'ghost', 'ws-a']) })).ticket.id;
    const preview = await call<{ hosts: { host: string; command: string | null; skipped: string | null }[]; blocked: string | null }>('changes.preview', { ticketId: id });
    expect(preview.blocked).toMatch(/waiting for its approval: an N2 or N3 must approve it/);
    expect(preview.hosts.map((h) => [h.host, h.skipped])).toEqual([['ws-a', null], ['ghost', 'not in the host book'], ['ws-a', 'listed twice']]);
    expect(preview.hosts[0]?.command).toMatch(/^sh -c '/);
    expect(preview.hosts[0]?.command).toContain('export LINE');
    expect(preview.hosts[0]?.command).toContain('not ready on this host');
    await expect(call('changes.rollout', { ticketId: id })).rejects.toThrow(/waiting for its approval/);
    expect(changeOf(id).rollouts).toEqual([]);
  });

  it('stops when the canary fails: the other hosts never run', { timeout: 90_000 }, async () => {
    const id = await approvedChange('Canary fails', record(['ws-c', 'ws-a', 'ws-b']));
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 2, failureThreshold: 5 });
    await waitJob(jobId);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout).toMatchObject({ outcome: 'stopped', reason: 'the canary host ws-c failed' });
    expect(rollout.results.map((r) => [r.host, r.phase, r.outcome, r.exitCode])).toEqual([
      ['ws-c', 'run', 'failed', 4],
      ['ws-a', 'run', 'skipped', null],
      ['ws-b', 'run', 'skipped', null],
    ]);
    expect(rollout.results[0]?.output).toContain('not ready on this host');
    expect(existsSync(join(states['ws-a']!, 'applied'))).toBe(false);
  });

  it('stops past the threshold, skips an unknown host key with its reason, and rolls back only the failed host', { timeout: 90_000 }, async () => {
    // One host at a time after the canary, so the order is certain: ws-d is skipped (a skip is no failure), ws-c fails, ws-b never starts.
    const id = await approvedChange('Threshold', record(['ws-a', 'ws-d', 'ws-c', 'ws-b']));
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 1, failureThreshold: 0 });
    await waitJob(jobId);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout.outcome).toBe('stopped');
    expect(rollout.reason).toMatch(/1 host\(s\) failed, more than the threshold of 0/);
    const last = (host: string) => rollout.results.filter((r) => r.host === host).at(-1)!;
    expect(last('ws-a')).toMatchObject({ phase: 'verify', outcome: 'succeeded', exitCode: 0, wave: 0 });
    expect(last('ws-d')).toMatchObject({ outcome: 'skipped', wave: 1 });
    expect(last('ws-c')).toMatchObject({ phase: 'run', outcome: 'failed', exitCode: 4, wave: 2 });
    expect(last('ws-b')).toMatchObject({ wave: 3 });
    expect(last('ws-d').reason).toMatch(/host key/i);
    expect(last('ws-b')).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/stopped before this host/) });
    expect(readFileSync(join(states['ws-a']!, 'applied'), 'utf8')).toBe("proxy=http://10.0.0.1:3128 # it's quoted\n");

    const back = await call<{ jobId: string }>('changes.rollback', { ticketId: id, runId });
    await waitJob(back.jobId);
    const rollbacks = changeOf(id).rollouts.find((r) => r.runId === runId)!.results.filter((r) => r.phase === 'rollback');
    expect(rollbacks.map((r) => [r.host, r.outcome])).toEqual([['ws-c', 'succeeded']]);
    expect(existsSync(join(states['ws-c']!, 'rolled-back'))).toBe(true);
    expect(existsSync(join(states['ws-a']!, 'rolled-back'))).toBe(false);
    expect(existsSync(join(states['ws-a']!, 'applied'))).toBe(true);
  });

  it('Cancel signals the running command and skips the hosts not reached', { timeout: 90_000 }, async () => {
    const slow = { ...procedure, script: 'echo started > "$STATE_DIR/started"; sleep 30; echo finished > "$STATE_DIR/finished"', verify: undefined, params: [] };
    const id = await approvedChange('Slow', record(['ws-a', 'ws-b', 'ws-c'], { procedure: slow, params: {} }));
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 2, failureThreshold: 0 });
    for (let i = 0; i < 300 && !existsSync(join(states['ws-a']!, 'started')); i++) await new Promise((r) => setTimeout(r, 100));
    const cancelledAt = Date.now();
    await call('jobs.cancel', { jobId });
    await waitJob(jobId);
    expect(Date.now() - cancelledAt).toBeLessThan(15_000);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout.outcome).toBe('cancelled');
    expect(rollout.results.map((r) => [r.host, r.outcome])).toEqual([['ws-a', 'cancelled'], ['ws-b', 'skipped'], ['ws-c', 'skipped']]);
    expect(rollout.results[0]?.reason).toMatch(/signalled/);
  });

  it('every result is on the change ticket after the app restarts', { timeout: 60_000 }, async () => {
    const before = core.tickets.allTickets().filter((t) => t.kind === 'change').map((t) => JSON.stringify(t.change));
    core.close();
    core = openTestCore(dataDir);
    const after = core.tickets.allTickets().filter((t) => t.kind === 'change');
    expect(after.map((t) => JSON.stringify(t.change))).toEqual(before);
    expect(after.flatMap((t) => t.change!.rollouts).length).toBe(3);
    const list = await call<{ approval: string; lastRollout: string | null }[]>('changes.list', {});
    expect(list.map((c) => c.lastRollout).sort()).toEqual(['cancelled', 'stopped', 'stopped', null].sort());
  });

  it('`atelier changes run` prints one line per host and exits non-zero when the rollout stopped', { timeout: 120_000 }, async () => {
    const stopped = await approvedChange('Headless, fails', record(['ws-c', 'ws-a']));
    const good = await approvedChange('Headless, works', record(['ws-a', 'ws-b']));
    const ref = (id: string) => core.tickets.detail(id).ref;
    const failed = runCli(['changes', 'run', ref(stopped), '--wave', '2', '--data-dir', dataDir], { timeoutMs: 90_000 });
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('ws-c\twave 0\trun\tfailed\texit 4\tnot ready on this host');
    expect(failed.stdout).toContain('ws-a\twave 1\trun\tskipped\texit -');
    expect(failed.stderr).toMatch(/atelier: the rollout of .* stopped: the canary host ws-c failed/);
    const ok = runCli(['changes', 'run', ref(good), '--wave', '2', '--data-dir', dataDir], { timeoutMs: 90_000 });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('ws-b\twave 1\tverify\tsucceeded\texit 0');
    expect(ok.stdout).toContain('rollout completed');
  });

  it('16 hosts at once: one listener on the rollout signal (no MaxListenersExceededWarning), each host connected once', { timeout: 120_000 }, async () => {
    const fleet = Array.from({ length: 16 }, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`);
    const a = sshds[0]!;
    for (const name of fleet) {
      await call('hosts.add', { name, address: a.host, port: a.port, user: a.user, auth: { method: 'key', keyFile: join(keyDir, 'client'), hasPassphrase: false } });
    }
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const login = 'echo "$SSH_CONNECTION" >> "$STATE_DIR/logins"';
      const quick = { ...procedure, script: `sleep 1; ${login}`, verify: login, params: [] };
      const id = await approvedChange('Fleet', record(fleet, { procedure: quick, params: {} }));
      const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 16, failureThreshold: 0 });
      await waitJob(jobId);
      const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
      expect(rollout.outcome).toBe('completed');
      expect(rollout.results.filter((r) => r.phase === 'verify' && r.outcome === 'succeeded').length).toBe(16);
      // Run and verification went over the same connection: 32 commands from 16 client ports, one per host.
      const logins = readFileSync(join(states['ws-a']!, 'logins'), 'utf8').trim().split('\n');
      expect(logins).toHaveLength(32);
      expect(new Set(logins).size).toBe(16);
      await new Promise((r) => setTimeout(r, 100));
      expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('chooses hosts by tag and by site: the preview lists them with why each was chosen, and the ones skipped with why', { timeout: 90_000 }, async () => {
    await call('hosts.update', { name: 'ws-a', patch: { tags: ['floor2'], site: 'Lyon' } });
    await call('hosts.update', { name: 'ws-b', patch: { site: 'Lyon' } });
    const a = sshds[0]!;
    await call('hosts.add', { name: 'win-1', address: a.host, port: a.port, user: a.user, osFamily: 'windows', tags: ['floor2'], auth: { method: 'key', keyFile: join(keyDir, 'client'), hasPassphrase: false } });
    const id = await approvedChange('By tag and site', record(['ws-c'], { tags: ['floor2', 'basement'], sites: ['lyon'] }));
    const preview = await call<{ hosts: { host: string; via: unknown; skipped: string | null }[]; unmatched: string[] }>('changes.preview', { ticketId: id });
    expect(preview.hosts.map((h) => [h.host, h.via, h.skipped])).toEqual([
      ['ws-c', { kind: 'name' }, null],
      ['win-1', { kind: 'tag', value: 'floor2' }, 'a Windows host: this procedure is an sh script'],
      ['ws-a', { kind: 'tag', value: 'floor2' }, null],
      ['ws-b', { kind: 'site', value: 'lyon' }, null],
    ]);
    expect(preview.unmatched).toEqual(['no host has the tag "basement"']);
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 2, failureThreshold: 5, ignoreWindow: false });
    await waitJob(jobId);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout.hosts).toEqual(['ws-c', 'ws-a', 'ws-b']);
    expect(rollout.results.find((r) => r.host === 'win-1')).toMatchObject({ outcome: 'skipped', reason: 'a Windows host: this procedure is an sh script' });
  });

  it("attaches each host's whole output to the change, and lists each host's changes on its page", { timeout: 90_000 }, async () => {
    // 6,000 lines: far more than the 4,000 characters the event keeps.
    const chatty = { ...procedure, script: 'i=0; while [ $i -lt 6000 ]; do echo "line $i"; i=$((i+1)); done; echo "oops" >&2; test -f "$STATE_DIR/ready"', verify: undefined, params: [] };
    const id = await approvedChange('Chatty', record(['ws-a', 'ws-c'], { procedure: chatty, params: {} }));
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 2, failureThreshold: 5 });
    await waitJob(jobId);
    const ticket = core.tickets.store.ticket(id) as Ticket;
    const result = ticket.change!.rollouts.find((r) => r.runId === runId)!.results.find((r) => r.host === 'ws-c')!;
    expect(result.output.length).toBeLessThanOrEqual(4_001);
    expect(result.attachment?.name).toBe(`ws-c-run-${runId.slice(0, 8)}.log`);
    expect(ticket.attachments.map((f) => f.name)).toContain(result.attachment!.name);
    const file = Buffer.from((await call<{ base64: string }>('attachments.get', { hash: result.attachment!.hash })).base64, 'base64').toString('utf8');
    expect(file.startsWith('line 0\nline 1\n')).toBe(true);
    expect(file).toContain('line 5999\n--- stderr ---\noops\n');

    const history = await call<{ ticketId: string; runId: string; phase: string; outcome: string; exitCode: number | null }[]>('changes.forHost', { host: 'ws-c' });
    expect(history[0]).toMatchObject({ ticketId: id, runId, phase: 'run', outcome: 'failed', exitCode: 1 });
    // Every rollout that reached ws-c, and only those; a host never reached has none.
    const reached = core.tickets.allTickets().flatMap((t) => t.change?.rollouts ?? []).filter((r) => r.results.some((x) => x.host === 'ws-c'));
    expect(history.map((h) => h.runId).sort()).toEqual(reached.map((r) => r.runId).sort());
    expect(await call('changes.forHost', { host: 'fleet-01' })).toHaveLength(1);
    expect(await call('changes.forHost', { host: 'nowhere' })).toEqual([]);
  });

  it('a connection opened ahead that the host dropped while the canary ran is opened again at the host’s turn', { timeout: 90_000 }, async () => {
    // sshd closes a connection with no channel after 1 s: idle-1 is connected during the canary's 3 s, then dropped.
    const idle = await startSshd({ extraConfig: [`SetEnv STATE_DIR=${states['ws-b']}`, 'UnusedConnectionTimeout 1'] });
    sshds.push(idle);
    idle.authorize(readFileSync(join(keyDir, 'client.pub'), 'utf8'));
    await call('hosts.add', { name: 'idle-1', address: idle.host, port: idle.port, user: idle.user, auth: { method: 'key', keyFile: join(keyDir, 'client'), hasPassphrase: false } });
    new KnownHostsStore(core.db).trust(idle.host, idle.port, Buffer.from(idle.hostPublicKey.split(/\s+/)[1] ?? '', 'base64'));
    const slowCanary = { ...procedure, script: 'sleep 3; echo "ran here"', verify: undefined, params: [] };
    const id = await approvedChange('Dropped ahead', record(['ws-a', 'idle-1'], { procedure: slowCanary, params: {} }));
    const { jobId, runId } = await call<{ jobId: string; runId: string }>('changes.rollout', { ticketId: id, waveSize: 1, failureThreshold: 0 });
    await waitJob(jobId);
    const rollout = changeOf(id).rollouts.find((r) => r.runId === runId)!;
    expect(rollout.results.map((r) => [r.host, r.outcome, r.reason])).toEqual([
      ['ws-a', 'succeeded', null],
      ['idle-1', 'succeeded', null],
    ]);
    expect(rollout.outcome).toBe('completed');
  });
});
