/** The hub for tests: in-process over a given database, or as a child process (`npm run hub -- serve`). */
import { spawn, type ChildProcess } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { migrateHub } from '../../hub/db/migrate';
import { openPostgres, type HubDatabase } from '../../hub/db/sql';
import { buildHub, type HubOptions } from '../../hub/server';
import { Accounts, type Role } from '../../hub/store/accounts';
import { REPO_ROOT } from './serve-process';
import { freePort } from './sshd';

export interface TestHub {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly db: HubDatabase;
  readonly accounts: Accounts;
  close(): Promise<void>;
}

export async function startHub(db: HubDatabase, options: Omit<HubOptions, 'db'> = {}, port = 0): Promise<TestHub> {
  await migrateHub(db);
  const app = buildHub({ db, ...options });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { url: `http://127.0.0.1:${bound}`, port: bound, app, db, accounts: new Accounts(db), close: () => app.close() };
}

/** Adds a user and returns a token for one of their devices. */
export async function userToken(accounts: Accounts, user: string, device = 'laptop', role: Role = 'technician', level: 'N1' | 'N2' | 'N3' = 'N1'): Promise<string> {
  await accounts.addUser(user, { role, level }).catch((error: unknown) => {
    if ((error as { code?: string }).code !== 'conflict') throw error;
  });
  return (await accounts.issueToken(user, device)).token;
}

export async function openMigratedPostgres(url: string): Promise<HubDatabase> {
  const db = openPostgres(url);
  await migrateHub(db);
  return db;
}

export interface HubProcess {
  readonly url: string;
  readonly child: ChildProcess;
  kill(): Promise<void>;
}

export interface SpawnOptions {
  /** Run the built entry point (dist/hub.js, after `npm run build`) instead of the sources through tsx. */
  built?: boolean;
  /** More `serve` arguments (e.g. --data-dir DIR with no database URL, --no-migrate). */
  args?: readonly string[];
}

/** The hub's command line as a child's argv: built, or the sources through tsx. */
export function hubCommand(args: readonly string[], built = false): string[] {
  return built ? [`${REPO_ROOT}/dist/hub.js`, ...args] : ['--import', 'tsx', 'hub/cli.ts', ...args];
}

/**
 * `hub serve` in a child process (killed with SIGKILL by fault trials, like a crash). An empty
 * `databaseUrl` leaves the choice to `options.args` (embedded PGlite with --data-dir).
 */
export async function spawnHub(databaseUrl: string, port: number, options: SpawnOptions = {}): Promise<HubProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, ATELIER_HUB_DATABASE_URL: databaseUrl };
  if (!databaseUrl) delete env.ATELIER_HUB_DATABASE_URL;
  const child = spawn(process.execPath, hubCommand(['serve', '--port', String(port), ...(options.args ?? [])], options.built), {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the hub did not start within 120 s:\n${output}`)), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('HUB listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the hub exited (${code}) before listening:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/**
 * A team hub as the e2e tests use it: a fresh migrated database on the throwaway cluster, the people given
 * (each with a token for one device), then `hub serve` on a free port. `seed` writes to the database first
 * (what an older hub could have left there).
 */
export async function startTeamHub(
  pg: { createDatabase(name: string): Promise<string> },
  database: string,
  people: readonly { user: string; device: string }[],
  seed?: (db: HubDatabase) => Promise<void>,
): Promise<{ url: string; port: number; databaseUrl: string; tokens: Record<string, string>; process: HubProcess }> {
  const dbUrl = await pg.createDatabase(database);
  const db = await openMigratedPostgres(dbUrl);
  const tokens: Record<string, string> = {};
  try {
    const accounts = new Accounts(db);
    for (const { user, device } of people) tokens[user] = await userToken(accounts, user, device);
    await seed?.(db);
  } finally {
    await db.close();
  }
  const port = await freePort();
  const process = await spawnHub(dbUrl, port);
  return { url: `http://127.0.0.1:${port}`, port, databaseUrl: dbUrl, tokens, process };
}
