import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './serve-process';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the `atelier` command from source (no build needed), as a user would from a shell. */
export function runCli(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): CliResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'electron', 'cli', 'index.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...options.env },
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
