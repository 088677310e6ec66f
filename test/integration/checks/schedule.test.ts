import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { parsePlanText, type CheckRunner } from '../../../electron/core/checks';
import { jitterMs, type PlanDocument } from '../../../shared/checks';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { disposeSshd, freePort, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';

const HOUR = 3_600_000;
let dir: string;
let core: Core;
let sshd: Sshd;
let clock = Date.UTC(2026, 11, 2, 8);
let runner: CheckRunner;

const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;

const PLAN = `id: lyon
version: 1
title: { fr: Lyon, en: Lyon }
checks:
  - id: uptime
    title: { fr: Démarrage, en: Uptime }
    probe: os.uptime
    every: 1h
    applies_to: { sites: [lyon] }
  - id: root-disk
    title: { fr: Disque système, en: System disk }
    probe: disk.free
    args: { mount: / }
    every: 1h
    applies_to: { hosts: [ws-a] }
    value: free_percent
    fail: { field: free_percent, op: ">=", value: 0 }
`;

function plan(): PlanDocument {
  const loaded = parsePlanText(PLAN, 'lyon.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.plan;
}

const dueHosts = (at: number) => runner.due(plan(), at).map((d) => d.host.name);

async function roundAt(at: number) {
  clock = at;
  return runner.round(plan());
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-checks-schedule-'));
  sshd = await startSshd();
  const key = generateKeyPair(dir, 'client');
  sshd.authorize(key.publicKey);
  core = openTestCore(join(dir, 'data'));
  // Saving a plan is N2/N3 work.
  await call('settings.update', { level: 'N2' });
  const auth = { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } as const;
  const base = { address: sshd.host, port: sshd.port, user: sshd.user, auth, osFamily: 'linux' as const, tags: [] as string[] };
  await call('hosts.add', { ...base, name: 'ws-a', site: 'Lyon' });
  await call('hosts.add', { ...base, name: 'ws-b', site: 'Paris' });
  // Nobody answers on this port: a closed port, refused at once.
  await call('hosts.add', { ...base, name: 'ws-gone', site: 'Lyon', address: '127.0.0.1', port: await freePort() });
  await call('knownHosts.import', { text: `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey.trim()}\n` });
  runner = core.checks.runnerAt(() => clock);
}, 60_000);

afterAll(async () => {
  core?.close();
  await disposeSshd(sshd);
  rmSync(dir, { recursive: true, force: true });
});

describe('when checks run', () => {
  const t0 = clock;

  it('targets hosts by site: a Paris host gets no Lyon check', async () => {
    const first = await roundAt(t0);
    const got = first.readings.map((r) => `${r.host} ${r.checkId} ${r.status}`).sort();
    expect(got).toEqual(['ws-a host.reachable pass', 'ws-a root-disk fail', 'ws-a uptime pass', 'ws-gone host.reachable unreachable']);
  }, 60_000);

  it('a failing disk opens an incident in the disk category, whose checklist panel suggests the disk checklist first', async () => {
    const incident = core.tickets.queue.page({ filter: { kinds: ['incident'] }, limit: 10 }).rows;
    expect(incident).toHaveLength(1);
    const detail = await call('tickets.get', { id: incident[0]!.id });
    expect(detail.ticket.category).toBe('hardware/disk');
    expect(detail.ticket.description).toMatch(/Readings:\n.* fail {2}\d+/);
    const suggested = await call('checklists.suggest', { ticketId: incident[0]!.id });
    expect(suggested.suggestions[0]).toMatchObject({ match: 'category', checklist: { id: 'disk-failure' } });
  }, 30_000);

  it('spreads a check past its period by its host x check jitter, the same on every run', () => {
    const j = jitterMs('ws-a', 'uptime', HOUR);
    expect(j).toBeLessThan(HOUR / 10);
    const jDisk = jitterMs('ws-a', 'root-disk', HOUR);
    const firstDue = t0 + HOUR + Math.min(j, jDisk);
    expect(dueHosts(firstDue - 1)).not.toContain('ws-a');
    expect(runner.due(plan(), firstDue).find((d) => d.host.name === 'ws-a')!.checks).toHaveLength(1);
    expect(runner.due(plan(), t0 + HOUR + Math.max(j, jDisk)).find((d) => d.host.name === 'ws-a')!.checks).toHaveLength(2);
  });

  it('retries an unreachable host at growing intervals, shows the next try, and resets once it answers', async () => {
    const j = jitterMs('ws-gone', 'uptime', HOUR);
    // First failure: tried again one period (plus jitter) later.
    const t1 = t0 + HOUR + j;
    expect(dueHosts(t1 - 1)).not.toContain('ws-gone');
    expect(dueHosts(t1)).toContain('ws-gone');
    const second = await roundAt(t1);
    expect(second.readings.filter((r) => r.host === 'ws-gone').map((r) => r.status)).toEqual(['unreachable']);
    // Second failure in a row: two periods, though the check itself would be due after one.
    expect(dueHosts(t1 + 2 * HOUR - 1)).not.toContain('ws-gone');
    const t2 = t1 + 2 * HOUR;
    expect(dueHosts(t2)).toContain('ws-gone');
    await roundAt(t2);
    expect(dueHosts(t2 + 4 * HOUR - 1)).not.toContain('ws-gone');

    await call('checks.savePlan', { yaml: PLAN, source: 'lyon.yaml', enable: true });
    const overview = await call('checks.overview', {});
    await call('checks.enable', { id: null });
    const cell = overview.cells.find((c) => c.host === 'ws-gone')!;
    expect(cell).toMatchObject({ checkId: 'host.reachable', status: 'unreachable', nextTryMs: t2 + 4 * HOUR });
    expect(overview.hostInfo.find((h) => h.name === 'ws-gone')).toEqual({ name: 'ws-gone', site: 'Lyon', tags: [] });

    // The host comes back (here: its entry now points at the server): one success resets the back-off.
    await call('hosts.update', { name: 'ws-gone', patch: { address: sshd.host, port: sshd.port } });
    const t3 = t2 + 4 * HOUR;
    const back = await roundAt(t3);
    expect(back.readings.filter((r) => r.host === 'ws-gone').map((r) => `${r.checkId} ${r.status}`).sort()).toEqual(['host.reachable pass', 'uptime pass']);
    expect(dueHosts(t3 + HOUR + j)).toContain('ws-gone');
  }, 90_000);
});
