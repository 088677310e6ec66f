import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Stores up to this size get SQLite's quick check before they open; a larger one reports damage when a read meets it. */
export const FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024;

/** A store found intact by a check run ahead of the open, at the size and time it had then. */
export interface StoreCheck {
  readonly file: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/**
 * The quick check as a plain script on its own thread, with a read-only connection: it reads every page and
 * writes none (a read-only connection never checkpoints the WAL into the file either).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let verdict;
try {
  const Database = require(workerData.driver);
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    verdict = String(db.pragma('quick_check(1)', { simple: true }));
  } finally {
    db.close();
  }
} catch (error) {
  verdict = 'error: ' + String((error && error.message) || error);
}
parentPort.postMessage(verdict);
`;

function fileState(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    const { size, mtimeMs } = statSync(file);
    return { size, mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Starts SQLite's quick check of an existing store on a worker thread, so that it runs while the app loads
 * its code (it reads the whole file: about 2 s per GB). Resolves to the store's state when it is intact;
 * to undefined when there is nothing to check ahead (no file, an empty one, one too large to check) or when
 * the check did not pass or could not run: the open then checks on its own thread as always, and refuses a
 * damaged store with its usual message before anything writes to it. Never rejects.
 */
export function startStoreCheck(file: string): Promise<StoreCheck | undefined> {
  const before = fileState(file);
  if (!before || before.size === 0 || before.size > FULL_CHECK_MAX_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file } });
    } catch {
      resolve(undefined);
      return;
    }
    worker.once('message', (verdict: unknown) => resolve(verdict === 'ok' ? { file, ...before } : undefined));
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

/** Whether `check` vouches for the store as it is now (same file, unchanged since it was checked). */
export function checkedAsIs(check: StoreCheck | undefined, file: string): boolean {
  if (!check || check.file !== file) return false;
  const now = fileState(file);
  return now !== undefined && now.size === check.size && now.mtimeMs === check.mtimeMs;
}
