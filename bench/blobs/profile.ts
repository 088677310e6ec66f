/**
 * Where the blob sync's time goes (issue 20): the hub's storage steps timed apart on real PostgreSQL, in this
 * process, for a file of BENCH_BLOBS_MB (default 30). Not part of `npm run bench`; run with
 * `npx tsx bench/blobs/profile.ts`.
 */
import { createHash, randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { BLOB_CHUNK_BYTES, chunkCount } from '../../shared/sync/blobs';
import { BlobStore } from '../../hub/store/blobs';
import { Accounts } from '../../hub/store/accounts';
import { openMigratedPostgres, userToken } from '../../test/setup/hub';
import { startPostgres } from '../../test/setup/postgres';

const MB = Number(process.env.BENCH_BLOBS_MB ?? 30);
const pg = await startPostgres();
try {
  const db = await openMigratedPostgres(await pg.createDatabase('profile_blobs'));
  const accounts = new Accounts(db);
  await userToken(accounts, 'jeanne', 'laptop');
  const [{ team_id: teamId, id: deviceId }] = (await db.query<{ team_id: number; id: number }>('SELECT u.team_id, d.id FROM devices d JOIN users u ON u.id = d.user_id')) as [{ team_id: number; id: number }];
  const data = randomBytes(MB * 1024 * 1024);
  const hash = createHash('sha256').update(data).digest('hex');
  const store = new BlobStore(db);
  const timed = async (name: string, work: () => Promise<unknown>) => {
    const start = performance.now();
    await work();
    process.stdout.write(`PROFILE ${name} ${((performance.now() - start) / 1000).toFixed(2)} s\n`);
  };
  const other = `0${hash.slice(1)}` === hash ? `1${hash.slice(1)}` : `0${hash.slice(1)}`;
  await store.declare(teamId, deviceId, [{ hash, size: data.byteLength }, { hash: other, size: data.byteLength }]);
  const n = chunkCount(data.byteLength);
  const chunk = (i: number) => data.subarray(i * BLOB_CHUNK_BYTES, (i + 1) * BLOB_CHUNK_BYTES);
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  await timed('sha256_whole_file', async () => sha(data));
  await timed('bytea_insert_only', async () => {
    for (let i = 0; i < n; i++) await db.query('INSERT INTO blob_chunks (team_id, hash, idx, data) VALUES ($1, $2, $3, $4)', [teamId, other, i, chunk(i)]);
  });
  await timed('bytea_read_hex', async () => {
    for (let i = 0; i < n; i++) await db.readBytes('SELECT data FROM blob_chunks WHERE team_id = $1 AND hash = $2 AND idx = $3', [teamId, other, i]);
  });
  await timed('detoast_only (length(data))', async () => {
    for (let i = 0; i < n; i++) await db.query('SELECT length(data) FROM blob_chunks WHERE team_id = $1 AND hash = $2 AND idx = $3', [teamId, other, i]);
  });
  await timed('read_base64', async () => {
    for (let i = 0; i < n; i++) {
      const [row] = await db.query<{ b: string }>("SELECT encode(data, 'base64') AS b FROM blob_chunks WHERE team_id = $1 AND hash = $2 AND idx = $3", [teamId, other, i]);
      Buffer.from(row?.b ?? '', 'base64');
    }
  });
  await timed('put_chunks_with_checks', async () => {
    for (let i = 0; i < n; i++) await store.putChunk(teamId, hash, i, chunk(i), sha(chunk(i)));
  });
  await timed('download_chunks', async () => {
    const opened = await store.open(teamId, hash);
    for await (const _ of opened?.chunks ?? []) void _;
  });
  process.stdout.write(`# ${MB} MB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  await db.close();
} finally {
  pg.stop();
}
