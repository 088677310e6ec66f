/**
 * Where an end-to-end blob sync's time goes (issue 20): the upload and the download of one file through a hub
 * in its own process, cut in phases, each with its wall time and the CPU seconds spent by the device (this
 * process), the hub and PostgreSQL (every server process). On a shared machine the CPU seconds say what costs,
 * the wall time how long it took. Not part of `npm run bench`: `npx tsx bench/blobs/phases.ts`
 * (BENCH_BLOBS_MB, default 100).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachToTicket, BlobStore } from '../../electron/core/reports/blobs';
import { HubClient } from '../../electron/core/sync/hub-client';
import { Accounts } from '../../hub/store/accounts';
import { openMigratedPostgres, spawnHub, userToken } from '../../test/setup/hub';
import { startPostgres } from '../../test/setup/postgres';
import { freePort } from '../../test/setup/sshd';
import { startCopyServer } from './copy-server';
import { cpuOf, postgresCpu, postmasterPid } from './cpu';
import { openSyncDevice } from '../../test/setup/sync';

const MB = Number(process.env.BENCH_BLOBS_MB ?? 100);
const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-phases-'));
const pg = await startPostgres();
try {
  const postmaster = postmasterPid(pg.dir);
  const url = await pg.createDatabase('bench_phases');
  const db = await openMigratedPostgres(url);
  const hub = await spawnHub(url, await freePort());
  const hubPid = hub.child.pid as number;
  const accounts = new Accounts(db);
  const tokenA = await userToken(accounts, 'jeanne', 'laptop');
  const a = openSyncDevice(join(dir, 'a.db'), { actor: 'jeanne', hubUrl: hub.url, token: tokenA });
  const b = openSyncDevice(join(dir, 'b.db'), { actor: 'jeanne', hubUrl: hub.url, token: await userToken(accounts, 'jeanne', 'desk') });
  const data = randomBytes(MB * 1024 * 1024);
  const ticket = a.service.create({ kind: 'incident', title: 'Disk image', impact: 2, urgency: 2 }).ticket.id;
  const { hash } = attachToTicket(new BlobStore(a.db), a.service, ticket, { name: 'disk.img', mime: 'application/octet-stream', data }).stored;

  const copy = await startCopyServer(dir);
  const copyPid = copy.child.pid as number;
  const phase = async <T>(name: string, work: () => Promise<T> | T): Promise<T> => {
    const start = { wall: performance.now(), dev: process.cpuUsage(), hub: cpuOf(hubPid), pg: postgresCpu(postmaster), copy: cpuOf(copyPid) };
    const result = await work();
    const dev = process.cpuUsage(start.dev);
    const s = (n: number) => n.toFixed(2).padStart(5);
    process.stdout.write(
      `PHASE ${name.padEnd(32)} wall ${s((performance.now() - start.wall) / 1000)} s | cpu device ${s((dev.user + dev.system) / 1e6)} hub ${s(cpuOf(hubPid) - start.hub)} pg ${s(postgresCpu(postmaster) - start.pg)} copy-server ${s(cpuOf(copyPid) - start.copy)} | load ${loadavg()[0]?.toFixed(1)}\n`,
    );
    return result;
  };

  await phase('copy: PUT to a bare server', async () => (await fetch(`${copy.url}/f`, { method: 'PUT', body: data })).text());
  await phase('copy: GET from it', async () => Buffer.from(await (await fetch(`${copy.url}/f`)).arrayBuffer()));

  await phase('up: device reads its file', () => new BlobStore(a.db).get(hash));
  await phase('up: push (declare + chunks)', async () => {
    const sent = await a.engine.blobs.push(new HubClient({ url: hub.url, token: tokenA }));
    if (sent !== 1) throw new Error(`sent ${sent}`);
  });
  await phase('down: hub stream, discarded', async () => {
    const response = await fetch(`${hub.url}/v1/blobs/${hash}`, { headers: { authorization: `Bearer ${tokenA}` } });
    for await (const _ of response.body as unknown as AsyncIterable<Uint8Array>) void _;
  });
  await phase('down: receive + hash, discarded', () => new HubClient({ url: hub.url, token: tokenA }).streamBlob(hash, { write: () => undefined, restart: () => undefined }));
  await phase('down: device stores parts (SQLite)', () => {
    const writer = new BlobStore(b.db).writer(hash);
    for (let at = 0; at < data.byteLength; at += 65_536) writer.write(data.subarray(at, at + 65_536));
    writer.commit();
  });
  b.db.prepare('DELETE FROM blobs WHERE hash = ?').run(hash);
  await phase('down: whole fetch (blobs.fetch)', () => b.engine.blobs.fetch({ kind: 'file', hash }));
  process.stdout.write(`# ${MB} MB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  a.close();
  b.close();
  await hub.kill();
  copy.child.kill('SIGKILL');
  await db.close();
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
