import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { parsePlanText } from '../../../electron/core/checks';
import type { CheckRunner } from '../../../electron/core/checks';
import type { PlanDocument } from '../../../shared/checks';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { disposeSshd, freePort, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';

const HOUR = 3_600_000;
let dir: string;
let core: Core;
let sshd: Sshd;
let disk: string;
let mounted = false;
let logFile: string;
let clock = Date.UTC(2026, 11, 1, 8);
let runner: CheckRunner;

const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;

/** One small file system the test fills and frees: a 1 MiB tmpfs (needs root; said so when it cannot mount). */
function mountSmallDisk(at: string): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0755', 'tmpfs', at], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function planText(): string {
  return `id: test-fleet
version: 1
title: { fr: Parc de test, en: Test fleet }
resolve_after: 3
checks:
  - id: data-disk
    title: { fr: Disque de données, en: Data disk }
    probe: disk.free
    args: { mount: ${disk} }
    every: 1h
    applies_to: { hosts: [ws-01] }
    value: free_percent
    fail: { field: free_percent, op: "<", value: 10 }
    trend: disk_full
  - id: app-log
    title: { fr: Journal de l'application, en: Application log }
    probe: log.grep
    args: { source: ${logFile}, pattern: "ERROR", since_hours: 1 }
    every: 1h
    applies_to: { tags: [compta] }
    value: matches
    fail: { field: matches, op: ">", value: 0 }
`;
}

function loadPlan(): PlanDocument {
  const loaded = parsePlanText(planText(), 'test-fleet.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.plan;
}

async function round(plan: PlanDocument) {
  // One period and the most jitter a 1h check can get (10 %): every hourly check is due again.
  clock += HOUR + HOUR / 10;
  return runner.round(plan);
}

const incidents = () => core.tickets.queue.page({ filter: { kinds: ['incident'] }, limit: 100 }).rows;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-checks-'));
  sshd = await startSshd();
  const key = generateKeyPair(dir, 'client');
  sshd.authorize(key.publicKey);
  disk = join(dir, 'disk');
  mkdirSync(disk);
  chmodSync(dir, 0o755);
  mounted = mountSmallDisk(disk);
  logFile = join(sshd.userDir, 'app.log');
  writeFileSync(logFile, 'start\n', { mode: 0o644 });
  core = openTestCore(join(dir, 'data'));
  const auth = { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } as const;
  // The same test server under several names, and one entry nobody answers at.
  for (const [name, tags] of [['ws-01', ['compta']], ['ws-02', ['compta']]] as const) {
    await call('hosts.add', { name, address: sshd.host, port: sshd.port, user: sshd.user, auth, osFamily: 'linux', tags: [...tags] });
  }
  await call('hosts.add', { name: 'ws-down', address: '127.0.0.1', port: await freePort(), user: sshd.user, auth, osFamily: 'linux', tags: ['compta'] });
  await call('knownHosts.import', { text: `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey.trim()}\n` });
  runner = core.checks.runnerAt(() => clock);
}, 60_000);

afterAll(async () => {
  core?.close();
  await disposeSshd(sshd);
  if (mounted) execFileSync('umount', [disk]);
  rmSync(dir, { recursive: true, force: true });
});

describe('health checks over SSH', () => {
  it('an unreachable host is one "unreachable" result, not a failure of each of its checks', async () => {
    const plan = loadPlan();
    const result = await round(plan);
    const down = result.readings.filter((r) => r.host === 'ws-down');
    expect(down).toHaveLength(1);
    expect(down[0]).toMatchObject({ checkId: 'host.reachable', status: 'unreachable' });
    expect(down[0]!.detail).toMatch(/refused|ECONNREFUSED|connect/i);
    const statuses = result.readings.filter((r) => r.host !== 'ws-down').map((r) => `${r.host} ${r.checkId} ${r.status}`).sort();
    expect(statuses).toEqual(['ws-01 app-log pass', 'ws-01 data-disk pass', 'ws-01 host.reachable pass', 'ws-02 app-log pass', 'ws-02 host.reachable pass']);
    expect(result.incidents).toEqual([]);
    expect(incidents()).toEqual([]);
    // Nothing is due an instant later.
    expect(runner.due(plan, clock + 60_000)).toEqual([]);
  }, 90_000);

  it('error lines appended to a log fail the check on each host, one incident per host x check', async () => {
    const plan = loadPlan();
    appendFileSync(logFile, '2026-12-01 09:00 ERROR disk quota exceeded\n');
    const result = await round(plan);
    const opened = result.incidents.filter((i) => i.change === 'opened').map((i) => `${i.host} ${i.checkId}`).sort();
    expect(opened).toEqual(['ws-01 app-log', 'ws-02 app-log']);
    expect(incidents()).toHaveLength(2);
    // Both are counted on the dashboard as caught before a user called (the mark the check wrote).
    const day = { fromMs: Date.now() - 86_400_000, toMs: Date.now() + 86_400_000 };
    expect((await call('reports.indicators', day)).caughtByChecks).toMatchObject({ num: 2, den: 2 });
    const detail = await call('tickets.get', { id: result.incidents[0]!.ticketId });
    expect(detail.ticket.asset).toMatch(/^ws-0[12]$/);
    expect(detail.ticket.description).toContain('app-log');
    // The log is cleaned: the incidents resolve after three passes in a row.
    writeFileSync(logFile, 'clean\n');
    for (let i = 0; i < 3; i++) await round(plan);
    expect(incidents().filter((t) => t.status === 'resolved')).toHaveLength(2);
  }, 120_000);

  it('a filling disk opens exactly one ticket, repeats add to it, and freeing it resolves it after three passes', async (ctx) => {
    if (!mounted) ctx.skip();
    const plan = loadPlan();
    const before = incidents().length;
    writeFileSync(join(disk, 'fill'), Buffer.alloc(960 * 1024));
    const first = await round(plan);
    const failing = first.readings.find((r) => r.checkId === 'data-disk');
    expect(failing).toMatchObject({ host: 'ws-01', status: 'fail' });
    expect(Number(failing!.value)).toBeLessThan(10);
    const opened = first.incidents.filter((i) => i.checkId === 'data-disk');
    expect(opened).toEqual([{ host: 'ws-01', checkId: 'data-disk', ticketId: expect.any(String), change: 'opened' }]);
    const ticketId = opened[0]!.ticketId;

    const second = await round(plan);
    expect(second.incidents).toEqual([{ host: 'ws-01', checkId: 'data-disk', ticketId, change: 'added' }]);
    expect(incidents()).toHaveLength(before + 1);
    const comments = (await call('tickets.get', { id: ticketId })).ticket.comments;
    expect(comments.at(-1)?.text).toMatch(/Still failing: .* fail/);

    rmSync(join(disk, 'fill'));
    const passes = [await round(plan), await round(plan)];
    expect(passes.flatMap((r) => r.incidents)).toEqual([]);
    expect((await call('tickets.get', { id: ticketId })).ticket.status).toBe('new');
    const third = await round(plan);
    expect(third.incidents).toEqual([{ host: 'ws-01', checkId: 'data-disk', ticketId, change: 'resolved' }]);
    const resolved = (await call('tickets.get', { id: ticketId })).ticket;
    expect(resolved.status).toBe('resolved');
    expect(resolved.resolution?.text).toMatch(/Resolved by itself: data-disk passed 3 times in a row on ws-01/);
    expect(incidents()).toHaveLength(before + 1);

    // The Health view's overview shows the disk's last reading and no open ticket for it.
    core.checks.plans.put(planText(), 'test-fleet.yaml');
    await call('checks.enable', { id: 'test-fleet' });
    const overview = await call('checks.overview', {});
    await call('checks.enable', { id: null });
    expect(overview.plan).toMatchObject({ id: 'test-fleet', enabled: true });
    expect(overview.hosts).toEqual(['ws-01', 'ws-02', 'ws-down']);
    expect(overview.cells.find((c) => c.host === 'ws-01' && c.checkId === 'data-disk')).toMatchObject({ status: 'pass', ticketId: null });
    expect(overview.cells.find((c) => c.host === 'ws-down')).toMatchObject({ checkId: 'host.reachable', status: 'unreachable' });
  }, 180_000);
});
