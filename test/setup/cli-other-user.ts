import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { CliResult } from './cli';
import { REPO_ROOT } from './serve-process';

/** `nobody` on Debian: an account that owns none of the test's files. */
export const OTHER_UID = 65534;

/**
 * Runs the `atelier` command as an account without root's power to bypass file permissions, so that a
 * read-only or unreadable file behaves as it does for a technician. Tests run as root here: `setpriv` drops to
 * OTHER_UID (chattr or a path under a file cover fewer cases). Run by another account, the command runs as it is.
 */
export function runCliAsOtherUser(args: string[], options: { timeoutMs?: number } = {}): CliResult {
  const cli = [process.execPath, '--import', 'tsx', join(REPO_ROOT, 'electron', 'cli', 'index.ts'), ...args];
  const asRoot = process.getuid?.() === 0;
  const [command, ...rest] = asRoot
    ? ['setpriv', `--reuid=${OTHER_UID}`, `--regid=${OTHER_UID}`, '--clear-groups', '--', ...cli]
    : cli;
  const result = spawnSync(command!, rest, {
    cwd: REPO_ROOT,
    env: { ...process.env, HOME: '/nonexistent' },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Whether files can be given to OTHER_UID (the test runs as root) or are ours anyway. */
export const canChangeOwner = process.getuid?.() === 0;
