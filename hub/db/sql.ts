/**
 * The hub's one door to PostgreSQL: a real server through `pg`, or the embedded PGlite in a data folder.
 * Both speak the same SQL with `$1` parameters, so migrations and queries are written once.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { copyBytes } from './copy-bytes';
import { checkIdentifiers, copyIn, type CopyColumn } from './copy-in';

export interface Sql {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements, no parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface HubDatabase extends Sql {
  readonly kind: 'postgres' | 'pglite';
  /**
   * The first column of every row as bytes (a bytea; null for NULL), read as bytes end to end. On PostgreSQL
   * the parameters are written into the statement (copy-bytes.ts): integers and hex strings only.
   */
  readBytes(text: string, params?: readonly unknown[]): Promise<(Buffer | null)[]>;
  /**
   * Writes rows into a table at once, all or none (a duplicate key fails them all). On PostgreSQL a binary
   * COPY (copy-in.ts: bytea values go out as they are, not copied into a statement); on PGlite one INSERT.
   */
  insertRows(table: string, columns: readonly string[], types: readonly CopyColumn[], rows: readonly (readonly unknown[])[]): Promise<void>;
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
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        return await copyBytes(client, text, params);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // A connection that failed mid-COPY is closed rather than given back to the pool.
        client.release(failure);
      }
    },
    async insertRows(table, columns, types, rows) {
      const client = await pool.connect();
      let failure: Error | undefined;
      try {
        await copyIn(client, table, columns, types, rows);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // A COPY that failed midway leaves its connection mid-protocol: closed, not given back.
        client.release(failure);
      }
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
      return (await db.query<unknown[]>(text, params as unknown[], { rowMode: 'array' })).rows.map((row) => {
        const data = row[0] as Uint8Array | null;
        return data ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : null;
      });
    },
    async insertRows(table, columns, _types, rows) {
      checkIdentifiers(table, columns);
      if (rows.length === 0) return;
      const values = rows.map((row, r) => `(${row.map((_, c) => `$${r * row.length + c + 1}`).join(', ')})`).join(', ');
      await db.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, rows.flat() as unknown[]);
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
