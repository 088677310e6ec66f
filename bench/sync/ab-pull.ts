/**
 * Interleaved A/B of the initial pull: the same hub and 100k events, pulled by the engine of another checkout
 * (ATELIER_AB_OTHER=DIR, e.g. an export of the previous commit) and by this one, alternately, ROUNDS times.
 * `tsx bench/sync/ab-pull.ts` (not run by `npm run bench`). Prints each time and the best of each.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startPostgres } from '../../test/setup/postgres';
import { Accounts } from '../../hub/store/accounts';
import { EventLog } from '../../hub/store/event-log';
import { openMigratedPostgres, spawnHub, userToken } from '../../test/setup/hub';
import { freePort } from '../../test/setup/sshd';
import { openSyncDevice } from '../../test/setup/sync';
import { makeEvents } from './events';

const other = process.env.ATELIER_AB_OTHER;
if (!other) throw new Error('set ATELIER_AB_OTHER to the other checkout');
const rounds = Number(process.env.ROUNDS ?? 3);
const N = Number(process.env.BENCH_SYNC_EVENTS ?? 100_000);
const otherSync = (await import(resolve(other, 'test/setup/sync.ts'))) as typeof import('../../test/setup/sync');
const dir = mkdtempSync(join(tmpdir(), 'atelier-ab-'));
const pg = await startPostgres();
try {
  const url = await pg.createDatabase('ab');
  const db = await openMigratedPostgres(url);
  const hub = { ...(await spawnHub(url, await freePort())), accounts: new Accounts(db) };
  const log = new EventLog(db);
  const source = makeEvents(N, { node: '00000000000000aa', actor: 'dispatch-import' });
  for (let i = 0; i < source.length; i += 5_000) await log.append(1, source.slice(i, i + 5_000), null);
  const best = { other: Infinity, this: Infinity };
  const cpuBest = { other: Infinity, this: Infinity };
  for (let r = 0; r < rounds; r++) {
    for (const which of (r % 2 === 0 ? (['other', 'this'] as const) : (['this', 'other'] as const)).filter((w) => !process.env.ONLY || w === process.env.ONLY)) {
      const open = which === 'other' ? otherSync.openSyncDevice : openSyncDevice;
      const device = open(join(dir, `${which}-${r}.db`), { actor: `d${r}${which}`, hubUrl: hub.url, token: await userToken(hub.accounts, `d${r}${which}`) });
      const hubCpu0 = cpuOf(hub.child.pid);
      const cpu0 = process.cpuUsage();
      const start = performance.now();
      const report = await device.engine.syncOnce(undefined, { push: false });
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpu0);
      const hubCpu = cpuOf(hub.child.pid) - hubCpu0;
      device.close();
      if (report.pulled !== N) throw new Error(`pulled ${report.pulled}`);
      best[which] = Math.min(best[which], ms);
      cpuBest[which] = Math.min(cpuBest[which], (cpu.user + cpu.system) / 1000);
      process.stdout.write(`round ${r} ${which}: ${(ms / 1000).toFixed(2)} s wall, client CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, hub CPU ${(hubCpu / 1000).toFixed(2)} s\n`);
    }
  }
  process.stdout.write(`best wall: other ${(best.other / 1000).toFixed(2)} s, this ${(best.this / 1000).toFixed(2)} s; best client CPU: other ${(cpuBest.other / 1000).toFixed(2)} s, this ${(cpuBest.this / 1000).toFixed(2)} s\n`);
  await hub.kill();
  await db.close();
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** CPU time (ms) a process has used so far, from /proc (Linux). */
function cpuOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
