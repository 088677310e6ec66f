import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { EmptyStoreError } from '../core/db/empty-store';
import { logNow } from '../core/log';
import { resolveDataDir } from '../core/paths';
import { START_FRESH_FLAG } from './options';

/** The full name of a command as typed, `tickets import`. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** The data folder a command was given, for commands that take --data-dir. */
export function dataDirOf(command: Command): string {
  const flag = (command.opts() as { dataDir?: unknown }).dataDir;
  return resolveDataDir(typeof flag === 'string' ? flag : undefined);
}

/**
 * One way every command ends on an error: one line on stderr saying what and what to do, the error in the
 * data folder's log (when it has one: a folder is never created only to log that it could not be), exit 1.
 */
export function reportFailure(error: unknown, command: Command | undefined): number {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof EmptyStoreError ? ` To do so, run the command again with ${START_FRESH_FLAG}.` : '';
  process.stderr.write(`atelier: ${message}${hint}\n`);
  if (command) {
    const dataDir = dataDirOf(command);
    try {
      if (existsSync(dataDir)) logNow(dataDir, (log) => log.error({ command: commandPath(command), err: error }, `command failed: ${message}`));
    } catch {
      // The log is out of reach (the same cause, often: a folder that cannot be written); stderr said it all.
    }
  }
  return 1;
}
