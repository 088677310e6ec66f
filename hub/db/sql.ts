/**
 * The hub's one door to PostgreSQL: a real server through `pg`, or the embedded PGlite in a data folder.
 * Both speak the same SQL with `$1` parameters, so migrations and queries are written once.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface HubDatabase extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /** The first column of the first row as bytes (a bytea). */
  readBytes(text: string, params?: readonly unknown[]): Promise<Buffer | undefined>;
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function openPostgres(url: string, options: { maxConnections?: number } = {}): HubDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client whose server went away emits here; the next query gets a fresh connection.
  pool.on('error', () => undefined);
  return {
    kind: 'postgres',
    async query(text, params) {
      return (await pool.query(text, params as unknown[])).rows;
    },
    async exec(text) {
      await pool.query(text);
    },
    async readBytes(text, params) {
      // Text mode only (pg's binary mode decodes every field as UTF-8 text, which garbles bytes), so the bytes
      // travel as base64 (4/3 of their size) rather than bytea's hex output (twice their size).
      const row = (await pool.query({ text: `SELECT encode(q.b, 'base64') FROM (${text}) AS q(b)`, values: params as unknown[], rowMode: 'array' })).rows[0] as
        | (string | null)[]
        | undefined;
      return typeof row?.[0] === 'string' ? Buffer.from(row[0], 'base64') : undefined;
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: Sql = {
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
          exec: async (text) => void (await client.query(text)),
        };
        const result = await work(tx);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await pool.end();
    },
  };
}

export async function openPglite(dataDir: string): Promise<HubDatabase> {
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  // PGlite runs one query at a time; its own queue serializes callers.
  return {
    kind: 'pglite',
    async query(text, params) {
      return (await db.query(text, params as unknown[])).rows as never[];
    },
    async exec(text) {
      await db.exec(text);
    },
    async readBytes(text, params) {
      const row = (await db.query<unknown[]>(text, params as unknown[], { rowMode: 'array' })).rows[0];
      const data = row?.[0] as Uint8Array | null | undefined;
      return data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : undefined;
    },
    async transaction(work) {
      return await db.transaction(async (t) =>
        work({
          query: async (text, params) => (await t.query(text, params as unknown[])).rows as never[],
          exec: async (text) => void (await t.exec(text)),
        }),
      );
    },
    async close() {
      await db.close();
    },
  };
}
