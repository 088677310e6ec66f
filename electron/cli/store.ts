/**
 * The CLI's doors to the store, loaded on first use: the command line is parsed, and `--help` and
 * `--version` answered, without SQLite, the services or the contract's schemas (electron/cli/program.ts).
 */
import { join } from 'node:path';
import type { Core } from '../core';
import type { Database } from '../core/db/open';

/** The store (atelier.db) of the data folder given with --data-dir, else the default one. */
export async function openStoreAt(dataDir: string | undefined): Promise<Database> {
  const [{ openDatabase }, { resolveDataDir, STORE_FILE }] = await Promise.all([import('../core/db/open'), import('../core/paths')]);
  return openDatabase(join(resolveDataDir(dataDir), STORE_FILE));
}

/** The whole core (services over the store), for commands that act like the app. */
export async function openCoreAt(dataDir: string | undefined): Promise<Core> {
  const [{ openCore }, { resolveDataDir }] = await Promise.all([import('../core'), import('../core/paths')]);
  return openCore({ dataDir: resolveDataDir(dataDir) });
}
