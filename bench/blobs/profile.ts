/**
 * Where the hub's blob storage time goes (issue 20): its PostgreSQL steps timed apart on a real server, in
 * this process, for a file of BENCH_BLOBS_MB (default 30), with the CPU seconds of this process and of
 * PostgreSQL beside the wall time (the machine is shared: CPU says what costs). Not part of `npm run bench`:
 * `npx tsx bench/blobs/profile.ts`. The end-to-end phases (device, hub, PostgreSQL) are in phases.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { BLOB_CHUNK_BYTES, chunkCount } from '../../shared/sync/blobs';
import { BlobStore } from '../../hub/store/blobs';
import { Accounts } from '../../hub/store/accounts';
import { openMigratedPostgres, userToken } from '../../test/setup/hub';
import { startPostgres } from '../../test/setup/postgres';
import { postgresCpu, postmasterPid } from './cpu';

const MB = Number(process.env.BENCH_BLOBS_MB ?? 30);
const pg = await startPostgres();
try {
  const postmaster = postmasterPid(pg.dir);
  const db = await openMigratedPostgres(await pg.createDatabase('profile_blobs'));
  const accounts = new Accounts(db);
  await userToken(accounts, 'jeanne', 'laptop');
  const [{ team_id: teamId, id: deviceId }] = (await db.query<{ team_id: number; id: number }>('SELECT u.team_id, d.id FROM devices d JOIN users u ON u.id = d.user_id')) as [{ team_id: number; id: number }];
  const data = randomBytes(MB * 1024 * 1024);
  const hash = createHash('sha256').update(data).digest('hex');
  const store = new BlobStore(db);
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const start = { wall: performance.now(), self: process.cpuUsage(), pg: postgresCpu(postmaster) };
    await work();
    const self = process.cpuUsage(start.self);
    process.stdout.write(
      `PROFILE ${name.padEnd(36)} wall ${((performance.now() - start.wall) / 1000).toFixed(2).padStart(6)} s | cpu node ${((self.user + self.system) / 1e6).toFixed(2).padStart(5)} pg ${(postgresCpu(postmaster) - start.pg).toFixed(2).padStart(5)} | load ${loadavg()[0]?.toFixed(1)}\n`,
    );
  };
  const other = `0${hash.slice(1)}` === hash ? `1${hash.slice(1)}` : `0${hash.slice(1)}`;
  await store.declare(teamId, deviceId, [{ hash, size: data.byteLength }, { hash: other, size: data.byteLength }]);
  const n = chunkCount(data.byteLength);
  const chunk = (i: number) => data.subarray(i * BLOB_CHUNK_BYTES, (i + 1) * BLOB_CHUNK_BYTES);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const where = 'WHERE team_id = $1 AND hash = $2 AND idx = $3';
  await timed('sha256_whole_file', async () => sha(data));

  const insertAll = async () => {
    for (let i = 0; i < n; i++) await db.query('INSERT INTO blob_chunks (team_id, hash, idx, data) VALUES ($1, $2, $3, $4)', [teamId, other, i, chunk(i)]);
  };
  // Alternated, each twice: the first writes into WAL segments PostgreSQL must create (and zero) first.
  for (const storage of ['EXTENDED', 'EXTERNAL', 'EXTENDED', 'EXTERNAL']) {
    await db.exec(`ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE ${storage}`);
    await timed(`insert 1 MiB rows, storage ${storage.toLowerCase()}`, insertAll);
    await db.query('DELETE FROM blob_chunks WHERE hash = $1', [other]);
  }
  await db.exec('ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTENDED');
  await timed('insert 4 rows per statement', async () => {
    for (let i = 0; i < n; i += 4) {
      const rows = Array.from({ length: Math.min(4, n - i) }, (_, k) => i + k);
      const values = rows.map((_, k) => `($1, $2, $${3 + 2 * k}, $${4 + 2 * k})`).join(', ');
      await db.query(`INSERT INTO blob_chunks (team_id, hash, idx, data) VALUES ${values}`, [teamId, other, ...rows.flatMap((r) => [r, chunk(r)])]);
    }
  });
  await db.query('DELETE FROM blob_chunks WHERE hash = $1', [other]);
  await insertAll();

  await timed('read hex', async () => {
    for (let i = 0; i < n; i++) {
      const [row] = await db.query<{ data: Buffer }>(`SELECT data FROM blob_chunks ${where}`, [teamId, other, i]);
      void row;
    }
  });
  await timed('read base64', async () => {
    for (let i = 0; i < n; i++) {
      const [row] = await db.query<{ b: string }>(`SELECT encode(data, 'base64') AS b FROM blob_chunks ${where}`, [teamId, other, i]);
      Buffer.from(row?.b ?? '', 'base64');
    }
  });
  await timed('read binary COPY (readBytes), 1 per query', async () => {
    for (let i = 0; i < n; i++) await db.readBytes(`SELECT data FROM blob_chunks ${where}`, [teamId, other, i]);
  });
  await timed('read binary COPY (readBytes), 4 per query', async () => {
    for (let i = 0; i < n; i += 4) await db.readBytes('SELECT data FROM blob_chunks WHERE team_id = $1 AND hash = $2 AND idx >= $3 AND idx < $4 ORDER BY idx', [teamId, other, i, i + 4]);
  });
  await timed('read length only (no transfer)', async () => {
    for (let i = 0; i < n; i++) await db.query(`SELECT length(data || '\\x00'::bytea) FROM blob_chunks ${where}`, [teamId, other, i]);
  });
  await db.query('DELETE FROM blob_chunks WHERE hash = $1', [other]);

  await timed('putChunk (hub store, with checks)', async () => {
    for (let i = 0; i < n; i++) await store.putChunk(teamId, hash, i, chunk(i), sha(chunk(i)));
  });
  await timed('open + read chunks (hub store)', async () => {
    const opened = await store.open(teamId, hash);
    for await (const _ of opened?.chunks() ?? []) void _;
  });
  process.stdout.write(`# ${MB} MB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  await db.close();
} finally {
  pg.stop();
}
