/**
 * Blob sync benchmark (issue 20). A 100 MB file goes up to the hub from one device and down to another
 * through the app's blob sync, against a plain HTTP copy (PUT then GET of the same bytes to a bare Node
 * server writing a file) in the same run. Prints:
 *   BENCH blobs.up_100mb s / blobs.down_100mb s      through the hub (medians)
 *   BENCH blobs.http_copy_100mb s                    up + down through the bare server (median)
 *   BENCH blobs.ratio_vs_http_copy x                 http copy time / hub time (1 = as fast as a bare copy)
 *   BENCH blobs.hub_rss_idle MB                      the hub process's resident memory before the file
 *   BENCH blobs.hub_rss_peak MB                      its peak meanwhile (bounded by chunks in flight, not the file)
 * The hub and the bare server each run in their own process, as deployed. BENCH_BLOBS_MB, BENCH_BLOBS_RUNS.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachToTicket, BlobStore } from '../../electron/core/reports/blobs';
import { Accounts } from '../../hub/store/accounts';
import { openMigratedPostgres, spawnHub, userToken } from '../../test/setup/hub';
import { startPostgres } from '../../test/setup/postgres';
import { freePort } from '../../test/setup/sshd';
import { openSyncDevice } from '../../test/setup/sync';
import { startCopyServer } from './copy-server';

const MB = Number(process.env.BENCH_BLOBS_MB ?? 100);
const RUNS = Number(process.env.BENCH_BLOBS_RUNS ?? 3);
const line = (name: string, value: number, unit: string) => process.stdout.write(`BENCH ${name} ${value} ${unit}\n`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const time = async (work: () => Promise<unknown>) => {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
};

/** Peak VmRSS of a process, sampled every 50 ms until stopped. */
function watchRss(pid: number): { stop(): number } {
  let peak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // the process ended
    }
  };
  const timer = setInterval(sample, 50);
  sample();
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak / 1024;
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-blobs-'));
const pg = await startPostgres();
const children: ChildProcess[] = [];
try {
  const copy = await startCopyServer(dir);
  children.push(copy.child);
  const up: number[] = [];
  const down: number[] = [];
  const copies: number[] = [];
  let rssPeak = 0;
  for (let run = 1; run <= RUNS; run++) {
    const url = await pg.createDatabase(`bench_blobs_${run}`);
    const db = await openMigratedPostgres(url);
    const hub = await spawnHub(url, await freePort());
    children.push(hub.child);
    const accounts = new Accounts(db);
    const a = openSyncDevice(join(dir, `a${run}.db`), { actor: 'jeanne', hubUrl: hub.url, token: await userToken(accounts, 'jeanne', 'laptop') });
    const b = openSyncDevice(join(dir, `b${run}.db`), { actor: 'jeanne', hubUrl: hub.url, token: await userToken(accounts, 'jeanne', 'desk') });
    const data = randomBytes(MB * 1024 * 1024);
    const ticket = a.service.create({ kind: 'incident', title: 'Disk image', impact: 2, urgency: 2 }).ticket.id;
    const { hash } = attachToTicket(new BlobStore(a.db), a.service, ticket, { name: 'disk.img', mime: 'application/octet-stream', data }).stored;

    const idle = watchRss(hub.child.pid as number).stop();
    if (run === 1) line('blobs.hub_rss_idle', Math.round(idle), 'MB');
    const rss = watchRss(hub.child.pid as number);
    const upS = await time(async () => {
      const report = await a.engine.syncOnce();
      if (report.files.sent !== 1) throw new Error(`sent ${report.files.sent} files`);
    });
    await b.engine.syncOnce();
    const downS = await time(() => b.engine.blobs.fetch({ kind: 'file', hash }));
    rssPeak = Math.max(rssPeak, rss.stop());
    if (sha(new BlobStore(b.db).get(hash)) !== hash) throw new Error('the file came down different');

    const copyS = await time(async () => {
      const put = await fetch(`${copy.url}/f`, { method: 'PUT', body: data });
      await put.text();
      const got = Buffer.from(await (await fetch(`${copy.url}/f`)).arrayBuffer());
      if (sha(got) !== hash) throw new Error('the plain copy came back different');
    });
    up.push(upS);
    down.push(downS);
    copies.push(copyS);
    process.stdout.write(`# run ${run}: hub up ${round(upS)} s, down ${round(downS)} s; http copy ${round(copyS)} s; load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    a.close();
    b.close();
    await hub.kill();
    await db.close();
  }
  const hubS = median(up.map((u, i) => u + (down[i] as number)));
  line(`blobs.up_${MB}mb`, round(median(up)), 's');
  line(`blobs.down_${MB}mb`, round(median(down)), 's');
  line(`blobs.http_copy_${MB}mb`, round(median(copies)), 's');
  line('blobs.ratio_vs_http_copy', round(median(copies) / hubS, 3), 'x');
  line('blobs.hub_rss_peak', Math.round(rssPeak), 'MB');
  process.stdout.write(`# ${RUNS} runs, medians; load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
