import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { openPostgres } from '../../../hub/db/sql';
import { startPostgres, type Postgres } from '../../setup/postgres';

let pg: Postgres;
let db: HubDatabase;

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');
const TYPES = ['int8', 'text', 'int4', 'bytea'] as const;
const COLUMNS = ['team', 'name', 'idx', 'data'];

beforeAll(async () => {
  pg = await startPostgres();
  // One connection: a COPY that failed must not leave the next query on a connection out of step.
  db = openPostgres(await pg.createDatabase('hub_copy_in'), { maxConnections: 1 });
  await db.exec('CREATE TABLE parts (team bigint NOT NULL, name text NOT NULL, idx int NOT NULL, data bytea NOT NULL, PRIMARY KEY (team, name, idx))');
});
afterAll(async () => {
  await db?.close();
  pg?.stop();
});

describe('the hub writes blob units into PostgreSQL by binary COPY', () => {
  it('stores each row\'s bytes as they were (large, empty, every byte value), big integers and text intact', async () => {
    const big = randomBytes(3 * 1024 * 1024 + 17);
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    await db.insertRows('parts', COLUMNS, TYPES, [
      [2 ** 40, 'é-ü', 0, big],
      [2 ** 40, 'é-ü', 1, Buffer.alloc(0)],
      [2 ** 40, 'é-ü', 2, every],
    ]);
    const rows = await db.readBytes('SELECT data FROM parts WHERE team = 1099511627776 ORDER BY idx');
    // Compared as digests: a deep comparison of megabytes element by element takes minutes.
    expect(rows.map((row) => row && sha(row))).toEqual([sha(big), sha(Buffer.alloc(0)), sha(every)]);
    expect(await db.query('SELECT team::text, name, idx FROM parts ORDER BY idx')).toEqual([
      { team: '1099511627776', name: 'é-ü', idx: 0 },
      { team: '1099511627776', name: 'é-ü', idx: 1 },
      { team: '1099511627776', name: 'é-ü', idx: 2 },
    ]);
  });

  it('stores none of the rows when one is a duplicate key, says so by its SQLSTATE, and the next query works', async () => {
    const error = await db.insertRows('parts', COLUMNS, TYPES, [[1, 'dup', 5, randomBytes(1024 * 1024)], [2 ** 40, 'é-ü', 0, Buffer.from('again')]]).catch((e: unknown) => e);
    expect((error as { code?: string }).code).toBe('23505');
    expect(await db.query('SELECT count(*)::int AS n FROM parts WHERE name = $1', ['dup'])).toEqual([{ n: 0 }]);
    await db.insertRows('parts', COLUMNS, TYPES, [[1, 'dup', 5, Buffer.from('fine')]]);
    expect(await db.readBytes("SELECT data FROM parts WHERE name = 'dup'")).toEqual([Buffer.from('fine')]);
  });

  it('refuses values that do not fit their column, and names that are not plain identifiers, before writing anything', async () => {
    await expect(db.insertRows('parts', COLUMNS, TYPES, [[1, 'x', 1.5, Buffer.alloc(1)]])).rejects.toThrow(/row 0 column 2 must be a 32-bit integer/);
    await expect(db.insertRows('parts', COLUMNS, TYPES, [[1, 'x', 1, 'not bytes']])).rejects.toThrow(/row 0 column 3 must be a Buffer/);
    await expect(db.insertRows('parts; DROP TABLE parts', COLUMNS, TYPES, [])).rejects.toThrow(/plain identifiers/);
    expect(await db.query("SELECT count(*)::int AS n FROM parts WHERE name = 'x'")).toEqual([{ n: 0 }]);
  });
});
