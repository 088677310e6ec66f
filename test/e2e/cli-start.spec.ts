/**
 * The built `atelier` (dist/cli.js, split at each command's imports by build/scripts/bundle.mjs): `--version`
 * and `--help` load none of the store's chunks. The sources are checked by test/integration/cli/lazy-load.test.ts;
 * this checks the bundle keeps it.
 */
import { expect, test } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from '../setup/serve-process';

const CLI = join(REPO_ROOT, 'dist', 'cli.js');

function traced(args: string[]): { status: number | null; stdout: string; loaded: string[]; madeDataDir: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-cli-start-'));
  try {
    const trace = join(dir, 'trace.txt');
    const run = spawnSync(process.execPath, ['--import', join(REPO_ROOT, 'test', 'setup', 'load-trace.mjs'), CLI, ...args], {
      env: { ...process.env, ATELIER_LOAD_TRACE: trace, ATELIER_DATA_DIR: join(dir, 'data') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const loaded = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
    return { status: run.status, stdout: run.stdout, loaded, madeDataDir: existsSync(join(dir, 'data')) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the built CLI answers --version and --help from its own small chunks, and loads the store for a command that reads it', () => {
  expect(existsSync(CLI), 'dist/cli.js is missing: run "npm run build" before the e2e tests').toBe(true);
  const heavy = /node_modules\/(better-sqlite3|ssh2|systeminformation|zod|pino|fastify)\//;
  for (const args of [['--version'], ['--help']]) {
    const run = traced(args);
    expect(run.status).toBe(0);
    expect(run.madeDataDir).toBe(false);
    expect(run.loaded.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
    expect(run.loaded.filter((url) => heavy.test(url))).toEqual([]);
    // Only the entry and a few small chunks of the CLI's own code.
    const own = run.loaded.filter((url) => /\/dist\/cli/.test(url));
    expect(own.length).toBeLessThan(8);
    // The CLI's bundle holds most npm packages (zod, pino, fastify...), so their absence is also a matter of
    // size: those chunks weigh hundreds of KB, --help's own code about 40.
    const bytes = own.reduce((sum, url) => sum + statSync(fileURLToPath(url)).size, 0);
    expect(bytes).toBeLessThan(100_000);
    // --version answers before the command line's parser loads.
    expect(run.loaded.some((url) => url.includes('node_modules/commander/'))).toBe(args[0] !== '--version');
  }
  const list = traced(['hosts', 'list']);
  expect(list.status).toBe(0);
  expect(list.stdout).toContain('No hosts yet');
  expect(list.loaded.some((url) => url.includes('node_modules/better-sqlite3/'))).toBe(true);
});

/** Every chunk of the built CLI that `serve` has loaded by the time it prints its address. */
async function loadedByServe(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-serve-start-'));
  const trace = join(dir, 'trace.txt');
  const child = spawn(process.execPath, ['--import', join(REPO_ROOT, 'test', 'setup', 'load-trace.mjs'), CLI, 'serve', '--data-dir', join(dir, 'data')], {
    env: { ...process.env, ATELIER_LOAD_TRACE: trace },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let output = '';
      // A busy 2-core machine has taken over 15 s to start serve.
      const timer = setTimeout(() => reject(new Error(`serve did not start within 60 s:\n${output}`)), 60_000);
      const seen = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('serving on')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', seen);
      child.stderr.on('data', seen);
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
    });
    return readFileSync(trace, 'utf8').split('\n').filter((url) => /\/dist\/cli/.test(url));
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

test('serve compiles neither systeminformation nor zod\'s other languages before it listens', async () => {
  const chunks = await loadedByServe();
  expect(chunks.some((url) => url.endsWith('/dist/cli.js'))).toBe(true);
  const text = chunks.map((url) => readFileSync(fileURLToPath(url), 'utf8')).join('\n');
  // The trace works: zod and fastify are in what serve loaded (bundled into the CLI's chunks).
  expect(text).toContain('node_modules/zod/v4/core/schemas.js');
  expect(text).toContain('node_modules/fastify/fastify.js');
  // systeminformation loads on the first inventory or probe; zod keeps English, its own default.
  expect(text).not.toContain('node_modules/systeminformation/');
  expect(text).toContain('node_modules/zod/v4/locales/en.js');
  expect(text).not.toContain('node_modules/zod/v4/locales/fr.js');
});
