import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServeProcess {
  url: string;
  origin: string;
  secret: string;
  dataDir: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built app (`dist/cli.js serve`) on a free port with its own data folder. */
const START_SECONDS = 60;

/** `cli` is the built entry to run (default this tree's dist/cli.js; a bench compares another build's). */
export async function startServeProcess(options: { dataDir?: string; args?: string[]; env?: NodeJS.ProcessEnv; cli?: string } = {}): Promise<ServeProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'atelier-e2e-'));
  const child = spawn(process.execPath, [options.cli ?? join(REPO_ROOT, 'dist', 'cli.js'), 'serve', '--data-dir', dataDir, ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    // A cold start is about 2 s; on a 2-core machine shared by several test runs it has taken over 15 s.
    const timer = setTimeout(() => reject(new Error(`serve did not start within ${START_SECONDS} s:\n${output}`)), START_SECONDS * 1000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    secret: parsed.searchParams.get('token') ?? '',
    dataDir,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
