import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { BLOB_CHUNK_BYTES, CHUNK_BYTES_HEADER, CHUNK_HASH_HEADER } from '../../../shared/sync/blobs';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { openMigratedPostgres, startHub, userToken, type TestHub } from '../../setup/hub';
import { openHubDatabase } from '../../../hub/open';
import { tempDir } from '../../setup/temp';
import { join } from 'node:path';

let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;
let tokenA: string;
let tokenA2: string;
let tokenB: string;

const MIB = 1024 * 1024;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('hub_blobs'));
  hub = await startHub(db, { blobLimits: { maxFileBytes: 6 * MIB, maxTeamBytes: 12 * MIB } });
  await hub.accounts.addUser('ana', { team: 'lyon' });
  await hub.accounts.addUser('ben', { team: 'paris' });
  tokenA = (await hub.accounts.issueToken('ana', 'laptop')).token;
  tokenA2 = (await hub.accounts.issueToken('ana', 'desk')).token;
  tokenB = (await hub.accounts.issueToken('ben', 'laptop')).token;
});
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

async function call(method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const declare = (token: string, blobs: { hash: string; size: number; snapshotId?: string }[]) => call('POST', '/v1/blobs/declare', token, { blobs });

/** A chunk as a device sends it: of BLOB_CHUNK_BYTES like a device from before larger chunks, or of `chunkBytes` named in its header. */
async function putChunk(token: string, data: Buffer, index: number, options: { hash?: string; chunkSha?: string; chunkBytes?: number } = {}) {
  const size = options.chunkBytes ?? BLOB_CHUNK_BYTES;
  const chunk = data.subarray(index * size, (index + 1) * size);
  const response = await fetch(`${hub.url}/v1/blobs/${options.hash ?? sha(data)}/chunks/${index}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      [CHUNK_HASH_HEADER]: options.chunkSha ?? sha(chunk),
      ...(options.chunkBytes ? { [CHUNK_BYTES_HEADER]: String(options.chunkBytes) } : {}),
    },
    body: new Uint8Array(chunk),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function download(token: string, hash: string, range?: string): Promise<{ status: number; data: Buffer; contentRange: string | null }> {
  const response = await fetch(`${hub.url}/v1/blobs/${hash}`, { headers: { authorization: `Bearer ${token}`, ...(range ? { range } : {}) } });
  return { status: response.status, data: Buffer.from(await response.arrayBuffer()), contentRange: response.headers.get('content-range') };
}

describe('hub blobs: chunked, resumable, deduplicated, bounded, team only', () => {
  it('resumes an interrupted upload with only the missing chunks, then serves the whole file', async () => {
    const data = randomBytes(2 * BLOB_CHUNK_BYTES + 12_345);
    const hash = sha(data);
    const first = await declare(tokenA, [{ hash, size: data.byteLength }]);
    expect(first.status).toBe(200);
    expect(first.body.blobs).toEqual([{ hash, size: data.byteLength, missing: [0, 1, 2] }]);
    expect((await putChunk(tokenA, data, 1)).body).toMatchObject({ index: 1, complete: false });
    // Not complete: nobody can download half a file.
    expect((await download(tokenA, hash)).status).toBe(404);

    // The device stopped here; a later round (any device of the team) is told only what is missing.
    const again = await declare(tokenA2, [{ hash, size: data.byteLength }]);
    expect(again.body.blobs[0].missing).toEqual([0, 2]);
    expect((await putChunk(tokenA2, data, 0)).body.complete).toBe(false);
    expect((await putChunk(tokenA2, data, 2)).body.complete).toBe(true);

    const got = await download(tokenA, hash);
    expect(got.status).toBe(200);
    expect(sha(got.data)).toBe(hash);
    expect(got.data.equals(data)).toBe(true);
    expect((await call('GET', `/v1/blobs/${hash}/info`, tokenA)).body).toMatchObject({ hash, size: data.byteLength, complete: true });

    // A download cut after its first MiB resumes there; a range not on a stored unit gets the whole file.
    const rest = await download(tokenA, hash, `bytes=${BLOB_CHUNK_BYTES}-`);
    expect(rest.status).toBe(206);
    expect(rest.contentRange).toBe(`bytes ${BLOB_CHUNK_BYTES}-${data.byteLength - 1}/${data.byteLength}`);
    expect(rest.data.equals(data.subarray(BLOB_CHUNK_BYTES))).toBe(true);
    for (const other of ['bytes=100-', `bytes=${BLOB_CHUNK_BYTES}-${2 * BLOB_CHUNK_BYTES}`, `bytes=${4 * BLOB_CHUNK_BYTES}-`]) {
      const whole = await download(tokenA, hash, other);
      expect([whole.status, whole.data.equals(data)], other).toEqual([200, true]);
    }

    // The same bytes declared again: nothing to send, nothing stored twice.
    expect((await declare(tokenA, [{ hash, size: data.byteLength }])).body.blobs[0].missing).toEqual([]);
    const rows = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM blob_chunks WHERE hash = $1', [hash]);
    expect(Number(rows[0]?.n)).toBe(3);
  });

  it('finds a snapshot by its id once a device sent it', async () => {
    const data = Buffer.from(JSON.stringify({ id: 'snap-1', sections: {} }));
    const hash = sha(data);
    expect((await call('GET', '/v1/blobs/snapshot/snap-1', tokenA)).status).toBe(404);
    await declare(tokenA, [{ hash, size: data.byteLength, snapshotId: 'snap-1' }]);
    expect((await call('GET', '/v1/blobs/snapshot/snap-1', tokenA)).body).toMatchObject({ hash, complete: false });
    await putChunk(tokenA, data, 0);
    expect((await call('GET', '/v1/blobs/snapshot/snap-1', tokenA2)).body).toMatchObject({ hash, size: data.byteLength, complete: true });
    expect((await call('GET', '/v1/blobs/snapshot/snap-1', tokenB)).status).toBe(404);
  });

  it('refuses a chunk that does not match its hash, and drops chunks that do not make the declared hash', async () => {
    const data = randomBytes(1000);
    const hash = sha(data);
    await declare(tokenA, [{ hash, size: data.byteLength }]);
    const damaged = await putChunk(tokenA, data, 0, { chunkSha: sha(Buffer.from('other')) });
    expect(damaged.status).toBe(400);
    expect(damaged.body.error).toMatchObject({ code: 'invalid_input', path: CHUNK_HASH_HEADER, message: expect.stringContaining('damaged on the way') });

    // Bytes that are not the declared file: each chunk is intact, the whole is not.
    const other = randomBytes(1000);
    const lie = await putChunk(tokenA, other, 0, { hash });
    expect(lie.status).toBe(400);
    expect(lie.body.error.message).toContain('they were dropped');
    expect((await declare(tokenA, [{ hash, size: 1000 }])).body.blobs[0].missing).toEqual([0]);
    expect((await putChunk(tokenA, data, 0)).body.complete).toBe(true);

    const wrongLength = await putChunk(tokenA, randomBytes(10), 0, { hash: sha(randomBytes(5)) });
    expect(wrongLength.status).toBe(404); // never declared
    const declaredSmall = randomBytes(10);
    await declare(tokenA, [{ hash: sha(declaredSmall), size: 10 }]);
    const short = await putChunk(tokenA, declaredSmall.subarray(0, 5), 0, { hash: sha(declaredSmall) });
    expect(short.body.error.message).toContain('must be 10 bytes, got 5');
  });

  it('bounds one file and a team\'s total, with errors that say which and how much', async () => {
    const tooBig = await declare(tokenA, [{ hash: sha(Buffer.from('x')), size: 7 * MIB }]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error).toMatchObject({ code: 'payload_too_large', path: 'blobs[0].size', message: expect.stringContaining('more than the hub takes for one file (6 MiB)') });
    const a = await declare(tokenA, [{ hash: sha(Buffer.from('a')), size: 5 * MIB }]);
    expect(a.status).toBe(200);
    const over = await declare(tokenA, [{ hash: sha(Buffer.from('b')), size: 5 * MIB }]);
    expect(over.status).toBe(413);
    expect(over.body.error.message).toContain('more than the hub keeps for a team (12 MiB)');
    // Another team has its own allowance.
    expect((await declare(tokenB, [{ hash: sha(Buffer.from('b')), size: 5 * MIB }])).status).toBe(200);
    const body = await fetch(`${hub.url}/v1/blobs/${sha(Buffer.from('b'))}/chunks/0`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenB}`, 'content-type': 'application/octet-stream', [CHUNK_HASH_HEADER]: 'x' },
      body: new Uint8Array(BLOB_CHUNK_BYTES + 1),
    });
    expect(body.status).toBe(413);
  });

  it('takes larger chunks from a device that asks for them and 1 MiB ones from an older device, each resuming the other\'s upload', async () => {
    await hub.accounts.addUser('chloe', { team: 'nantes' });
    const newer = (await hub.accounts.issueToken('chloe', 'laptop')).token;
    const older = (await hub.accounts.issueToken('chloe', 'desk')).token;
    const data = randomBytes(5 * MIB + 100);
    const hash = sha(data);
    const asked = await call('POST', '/v1/blobs/declare', newer, { blobs: [{ hash, size: data.byteLength }] }, { [CHUNK_BYTES_HEADER]: String(4 * MIB) });
    expect(asked.body).toMatchObject({ chunkBytes: 4 * MIB, blobs: [{ hash, size: data.byteLength, missing: [0, 1] }] });
    expect((await putChunk(newer, data, 1, { chunkBytes: 4 * MIB })).body).toMatchObject({ index: 1, complete: false });

    // A device from before larger chunks is answered in 1 MiB chunks, as it always was (and no chunkBytes).
    const old = await declare(older, [{ hash, size: data.byteLength }]);
    expect(old.body.chunkBytes).toBeUndefined();
    expect(old.body.blobs[0].missing).toEqual([0, 1, 2, 3]);
    expect((await putChunk(older, data, 0)).body.complete).toBe(false);
    expect((await putChunk(older, data, 2)).body.complete).toBe(false);

    // The newer device resumes: its 4 MiB chunk 0 still lacks two units; sending it completes the file,
    // whose hash the hub checks by reading it back (it did not see every unit arrive in order).
    expect((await call('POST', '/v1/blobs/declare', newer, { blobs: [{ hash, size: data.byteLength }] }, { [CHUNK_BYTES_HEADER]: String(4 * MIB) })).body.blobs[0].missing).toEqual([0]);
    expect((await putChunk(newer, data, 0, { chunkBytes: 4 * MIB })).body.complete).toBe(true);
    const got = await download(older, hash);
    expect(got.data.equals(data)).toBe(true);
    const rows = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM blob_chunks WHERE hash = $1', [hash]);
    expect(Number(rows[0]?.n)).toBe(6);
  });

  it('refuses a chunk size it does not take, and a chunk longer than the size its request names', async () => {
    const data = randomBytes(3 * MIB);
    const hash = sha(data);
    const odd = await call('POST', '/v1/blobs/declare', tokenB, { blobs: [{ hash, size: data.byteLength }] }, { [CHUNK_BYTES_HEADER]: String(MIB + 1) });
    expect(odd.status).toBe(400);
    expect(odd.body.error).toMatchObject({ code: 'invalid_input', path: CHUNK_BYTES_HEADER, message: expect.stringContaining('must be a multiple of 1048576 bytes up to 8388608') });
    expect((await call('POST', '/v1/blobs/declare', tokenB, { blobs: [{ hash, size: data.byteLength }] }, { [CHUNK_BYTES_HEADER]: String(16 * MIB) })).status).toBe(400);
    await declare(tokenB, [{ hash, size: data.byteLength }]);
    // Each request names its chunk size: 2 MiB named is taken; 2 MiB sent unnamed (so 1 MiB) is too long.
    expect((await putChunk(tokenB, data, 0, { chunkBytes: 2 * MIB, hash })).status).toBe(200);
    const tooLong = await fetch(`${hub.url}/v1/blobs/${hash}/chunks/1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${tokenB}`, 'content-type': 'application/octet-stream', [CHUNK_HASH_HEADER]: sha(data.subarray(MIB, 3 * MIB)) },
      body: new Uint8Array(data.subarray(MIB, 3 * MIB)),
    });
    expect(tooLong.status).toBe(413);
    expect(((await tooLong.json()) as { error: { message: string } }).error.message).toContain('a chunk is at most 1048576 bytes');
  });

  it('keeps each team\'s files to itself, and wants a token', async () => {
    const data = randomBytes(5000);
    const hash = sha(data);
    await declare(tokenA, [{ hash, size: data.byteLength }]);
    await putChunk(tokenA, data, 0);
    expect((await download(tokenB, hash)).status).toBe(404);
    expect((await call('GET', `/v1/blobs/${hash}/info`, tokenB)).status).toBe(404);
    // Another team declaring the same hash does not learn the first team holds it: it must send the bytes.
    expect((await declare(tokenB, [{ hash, size: data.byteLength }])).body.blobs[0].missing).toEqual([0]);
    expect((await fetch(`${hub.url}/v1/blobs/${hash}`)).status).toBe(401);
  });
});

describe('hub blobs on PGlite (the embedded database of a small team)', () => {
  it('takes a file in chunks, resumes, and serves it back whole', { timeout: 180_000 }, async () => {
    const lite = await openHubDatabase({ dataDir: join(tempDir(), 'hub') });
    const small = await startHub(lite);
    try {
      const token = await userToken(small.accounts, 'ines', 'laptop');
      const data = randomBytes(BLOB_CHUNK_BYTES + 500);
      const hash = sha(data);
      const send = async (index: number) => {
        const chunk = data.subarray(index * BLOB_CHUNK_BYTES, (index + 1) * BLOB_CHUNK_BYTES);
        const response = await fetch(`${small.url}/v1/blobs/${hash}/chunks/${index}`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', [CHUNK_HASH_HEADER]: sha(chunk) },
          body: new Uint8Array(chunk),
        });
        return (await response.json()) as { complete: boolean };
      };
      const declare = async () =>
        (await (await fetch(`${small.url}/v1/blobs/declare`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ blobs: [{ hash, size: data.byteLength }] }),
        })).json()) as { blobs: { missing: number[] }[] };
      expect((await declare()).blobs[0]?.missing).toEqual([0, 1]);
      expect((await send(1)).complete).toBe(false);
      expect((await declare()).blobs[0]?.missing).toEqual([0]);
      expect((await send(0)).complete).toBe(true);
      const got = Buffer.from(await (await fetch(`${small.url}/v1/blobs/${hash}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer());
      expect(got.equals(data)).toBe(true);
    } finally {
      await small.close();
      await lite.close();
    }
  });
});
