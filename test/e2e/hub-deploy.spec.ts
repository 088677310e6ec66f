/**
 * The hub as a team deploys it (docs/sync.md, "Run a hub for your team"): the built entry point
 * (dist/hub.js, the `atelier-hub` bin, from `npm run build`) run with plain node, no tsx.
 */
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hubCommand, spawnHub, type HubProcess } from '../setup/hub';
import { startPostgres } from '../setup/postgres';
import { REPO_ROOT } from '../setup/serve-process';
import { freePort } from '../setup/sshd';

const run = promisify(execFile);

/** One `atelier-hub` admin command from the build; its stdout. */
async function hub(args: string[], databaseUrl?: string): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ATELIER_HUB_DATABASE_URL;
  if (databaseUrl) env.ATELIER_HUB_DATABASE_URL = databaseUrl;
  const { stdout } = await run(process.execPath, hubCommand(args, true), { cwd: REPO_ROOT, env, timeout: 120_000 });
  return stdout;
}

async function probe(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test.beforeAll(() => {
  if (!existsSync(join(REPO_ROOT, 'dist', 'hub.js'))) throw new Error('dist/hub.js is missing: run "npm run build" before the e2e tests');
});

test('production: PostgreSQL, serve --no-migrate is up but not ready until migrate; then a user, a token, an authenticated call', async () => {
  test.setTimeout(300_000);
  const pg = await startPostgres();
  let server: HubProcess | undefined;
  try {
    const dbUrl = await pg.createDatabase('hub_deploy');
    const port = await freePort();
    server = await spawnHub(dbUrl, port, { built: true, args: ['--no-migrate'] });
    expect(await probe(`${server.url}/healthz`)).toEqual({ status: 200, body: { ok: true } });
    const before = await probe(`${server.url}/readyz`);
    expect(before.status).toBe(503);
    expect(String(before.body.reason)).toContain('atelier-hub migrate');

    expect(await hub(['migrate'], dbUrl)).toMatch(/^hub schema migrated: applied 1, 2/);
    expect(await hub(['migrate'], dbUrl)).toBe('hub schema already up to date\n');
    const ready = await probe(`${server.url}/readyz`);
    expect(ready).toMatchObject({ status: 200, body: { ready: true } });

    await hub(['user', 'add', 'Jeanne Martin', '--team', 'lyon'], dbUrl);
    const token = (await hub(['token', 'issue', 'Jeanne Martin', '--device', 'laptop-jeanne'], dbUrl)).trim();
    expect(token).toMatch(/^atl_/);
    const me = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: 'Jeanne Martin', team: 'lyon', device: 'laptop-jeanne' });
  } finally {
    await server?.kill();
    pg.stop();
  }
});

test('a try: the embedded PGlite in a data folder, ready from the first start', async () => {
  test.setTimeout(300_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-hub-try-'));
  let server: HubProcess | undefined;
  try {
    server = await spawnHub('', await freePort(), { built: true, args: ['--data-dir', dataDir] });
    expect(await probe(`${server.url}/readyz`)).toMatchObject({ status: 200, body: { ready: true } });
  } finally {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
