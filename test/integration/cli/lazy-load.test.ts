import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../setup/serve-process';
import { tempDir } from '../../setup/temp';

/** Runs `atelier ARGS` from the sources and returns what it printed and every module it loaded. */
function traced(args: string[], dataDir: string): { status: number | null; stdout: string; loaded: string[] } {
  const trace = join(dataDir, '..', `trace-${args.join('-').replace(/\W+/g, '_')}.txt`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(REPO_ROOT, 'test', 'setup', 'load-trace.mjs'), join(REPO_ROOT, 'electron', 'cli', 'index.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ATELIER_DATA_DIR: dataDir, ATELIER_LOAD_TRACE: trace },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const loaded = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
  return { status: result.status, stdout: result.stdout, loaded };
}

/** Runs module code (ES, from the repository's root) from the sources and returns its errors and every module it loaded. */
function tracedCode(code: string): { stderr: string; loaded: string[] } {
  const trace = join(tempDir(), 'trace-code.txt');
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--import', join(REPO_ROOT, 'test', 'setup', 'load-trace.mjs'), '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    env: { ...process.env, ATELIER_LOAD_TRACE: trace },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const loaded = existsSync(trace) ? readFileSync(trace, 'utf8').split('\n').filter(Boolean) : [];
  return { stderr: result.stderr, loaded };
}

// What a command that reads no store must not load: the store, the services, the transports, the schemas.
const HEAVY = /node_modules\/(better-sqlite3|ssh2|node-ssh|systeminformation|zod|pino|fastify|pg|yaml|csv-parse)\/|electron\/(core\/(db|tickets|ssh|inventory|sync|reports|hosts|checklists)|serve)\/|shared\/contract\//;

describe('atelier loads only what a command uses', () => {
  for (const args of [['--version'], ['--help'], ['inventory', '--help']]) {
    it(`"${args.join(' ')}" loads no store, service nor schema, and creates no data folder`, () => {
      const dataDir = join(tempDir(), 'data');
      const run = traced(args, dataDir);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(args[0] === '--version' ? /^\d+\.\d+\.\d+\n$/ : /Usage: atelier/);
      // The trace works: the command line itself was seen loading. `--version` answers before the parser.
      expect(run.loaded.some((url) => url.includes('electron/cli/index.ts'))).toBe(true);
      expect(run.loaded.some((url) => url.includes('node_modules/commander/'))).toBe(args[0] !== '--version');
      expect(run.loaded.filter((url) => HEAVY.test(url))).toEqual([]);
      expect(existsSync(dataDir)).toBe(false);
    });
  }

  it('a command that needs the store loads it when it runs (tickets list)', () => {
    const dataDir = join(tempDir(), 'data');
    const run = traced(['tickets', 'list'], dataDir);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('0 of 0 tickets');
    expect(run.loaded.some((url) => url.includes('node_modules/better-sqlite3/'))).toBe(true);
    expect(run.loaded.some((url) => url.includes('node_modules/ssh2/'))).toBe(true);
  });

  it("serve's start loads no systeminformation; a local inventory loads it", () => {
    // What `serve` imports before it listens (electron/cli/serve.ts), then a local inventory.
    const code = [
      "await Promise.all(['./electron/core/store-gate.ts', './electron/serve/server.ts', './electron/core/secrets/keyring.ts', './shared/contract/index.ts'].map((m) => import(m)));",
      "(await import('node:fs')).appendFileSync(process.env.ATELIER_LOAD_TRACE, 'MARK\\n');",
      "const { LocalInventoryCollector } = await import('./electron/core/inventory/local.ts');",
      "const snapshot = await new LocalInventoryCollector().collect({ takenBy: 'test' });",
      "if (!snapshot.sections.cpu.data.threads) throw new Error('no CPU threads in the snapshot');",
    ].join('\n');
    const { stderr, loaded: lines } = tracedCode(code);
    expect(stderr).toBe('');
    const mark = lines.indexOf('MARK');
    expect(mark).toBeGreaterThan(0);
    const systemInformation = (url: string) => url.includes('node_modules/systeminformation/');
    expect(lines.slice(0, mark).some((url) => url.includes('electron/core/index.ts'))).toBe(true);
    expect([lines.slice(0, mark).some(systemInformation), lines.slice(mark).some(systemInformation)]).toEqual([false, true]);
  }, 240_000);

  it('the GLPI schema is loaded precompiled, only when a GLPI export or import runs; ajv never', () => {
    // Importing the inventory services (what serve mode and the app do at start) leaves the validator out.
    const services = tracedCode("await import('./electron/core/inventory/index.ts'); await import('./electron/core/inventory/wiring.ts');");
    expect(services.stderr).toBe('');
    const atStart = services.loaded;
    expect(atStart.some((url) => url.includes('inventory/glpi/export.ts'))).toBe(true);
    const glpi = traced(['inventory', '--glpi'], join(tempDir(), 'data'));
    expect(glpi.status).toBe(0);
    expect(JSON.parse(glpi.stdout)).toMatchObject({ action: 'inventory', itemtype: 'Computer' });
    const validator = (url: string) => url.includes('inventory/glpi/validator.generated.js');
    expect([atStart.some(validator), glpi.loaded.some(validator)]).toEqual([false, true]);
    expect([...atStart, ...glpi.loaded].filter((url) => /node_modules\/ajv(-formats)?\//.test(url))).toEqual([]);
    // The contract's schemas (about 11 MB) are the renderer's edge: an inventory needs only its errors.
    expect(glpi.loaded.filter((url) => url.endsWith('shared/contract/index.ts'))).toEqual([]);
  }, 240_000);
});
