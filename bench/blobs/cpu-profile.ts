/**
 * CPU profiles of one blob upload and download (issue 20): the hub runs in its own process with
 * `--cpu-prof`, stopped with SIGTERM so it writes its profile; this process (the devices) is profiled by
 * running it with `node --cpu-prof --import tsx bench/blobs/cpu-profile.ts`. Profiles go to
 * BENCH_PROFILE_DIR (default: a temp folder, printed). Not part of `npm run bench`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { attachToTicket, BlobStore } from '../../electron/core/reports/blobs';
import { HubClient } from '../../electron/core/sync/hub-client';
import { Accounts } from '../../hub/store/accounts';
import { hubCommand, openMigratedPostgres, userToken } from '../../test/setup/hub';
import { startPostgres } from '../../test/setup/postgres';
import { REPO_ROOT } from '../../test/setup/serve-process';
import { freePort } from '../../test/setup/sshd';
import { openSyncDevice } from '../../test/setup/sync';

const MB = Number(process.env.BENCH_BLOBS_MB ?? 100);
const out = process.env.BENCH_PROFILE_DIR ?? mkdtempSync(join(tmpdir(), 'atelier-blob-profiles-'));
const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-cpuprof-'));
const pg = await startPostgres();
try {
  const url = await pg.createDatabase('bench_cpuprof');
  const db = await openMigratedPostgres(url);
  const accounts = new Accounts(db);
  const tokenA = await userToken(accounts, 'jeanne', 'laptop');
  const tokenB = await userToken(accounts, 'jeanne', 'desk');
  const port = await freePort();
  const hub = spawn(process.execPath, [`--cpu-prof`, `--cpu-prof-dir=${out}`, ...hubCommand(['serve', '--port', String(port)])], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', ATELIER_HUB_DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => hub.stdout?.on('data', (d: Buffer) => d.toString().includes('HUB listening') && resolve()));
  const hubUrl = `http://127.0.0.1:${port}`;
  const a = openSyncDevice(join(dir, 'a.db'), { actor: 'jeanne', hubUrl, token: tokenA });
  const b = openSyncDevice(join(dir, 'b.db'), { actor: 'jeanne', hubUrl, token: tokenB });
  const ticket = a.service.create({ kind: 'incident', title: 'Disk image', impact: 2, urgency: 2 }).ticket.id;
  const { hash } = attachToTicket(new BlobStore(a.db), a.service, ticket, { name: 'disk.img', mime: 'application/octet-stream', data: randomBytes(MB * 1024 * 1024) }).stored;
  let start = performance.now();
  await a.engine.blobs.push(new HubClient({ url: hubUrl, token: tokenA }));
  process.stdout.write(`up ${((performance.now() - start) / 1000).toFixed(2)} s\n`);
  await b.engine.syncOnce();
  start = performance.now();
  await b.engine.blobs.fetch({ kind: 'file', hash });
  process.stdout.write(`down ${((performance.now() - start) / 1000).toFixed(2)} s\nprofiles in ${out}\n`);
  a.close();
  b.close();
  const exited = new Promise((resolve) => hub.once('exit', resolve));
  hub.kill('SIGTERM');
  await exited;
  await db.close();
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
