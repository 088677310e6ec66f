/**
 * A throwaway PostgreSQL cluster for tests and benches (RECIPES.md): initdb + pg_ctl as the `postgres`
 * user, 127.0.0.1 on a free port, socket and data in a temp folder, fsync off. About 1.6 s to start.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './sshd';

const BIN = process.env.ATELIER_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface Postgres {
  readonly port: number;
  readonly dir: string;
  /** URL of a database of this cluster (default `postgres`). */
  url(database?: string): string;
  /** Creates a fresh empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): void;
}

function pgIds(): { uid: number; gid: number } {
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
  };
}

/** Runs a server binary as the postgres user (we are root in CI; already postgres elsewhere). */
function asPostgres(binary: string, args: string[]): void {
  const isRoot = process.getuid?.() === 0;
  const [cmd, full] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(BIN, binary), ...args]] : [join(BIN, binary), args];
  execFileSync(cmd, full, { stdio: 'pipe', timeout: 60_000 });
}

export function requirePostgres(): void {
  if (!existsSync(join(BIN, 'initdb'))) {
    throw new Error(`${BIN}/initdb is missing: the hub tests need PostgreSQL's server. Install it with: apt-get install -y postgresql`);
  }
}

export async function startPostgres(): Promise<Postgres> {
  requirePostgres();
  const dir = mkdtempSync(join(tmpdir(), 'atelier-pg-'));
  chmodSync(dir, 0o755);
  if (process.getuid?.() === 0) {
    const { uid, gid } = pgIds();
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  asPostgres('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      asPostgres('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '30', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`, 'start']);
      break;
    } catch (error) {
      // Another process took the port between freePort and start: try another one.
      if (attempt >= 2) throw new Error(`PostgreSQL did not start: ${String(error)}`);
    }
  }
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    dir,
    url,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    stop,
  };
}
