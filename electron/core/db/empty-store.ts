import { existsSync, renameSync, statSync } from 'node:fs';
import { AtelierError } from '../../../shared/contract';
import { makePrivate, PRIVATE_FILE_MODE } from '../paths';

/** The store file and the files SQLite keeps beside it in WAL mode. */
export const STORE_COMPANIONS = ['', '-wal', '-shm'] as const;

/**
 * A store file of 0 bytes holds nothing (a crash while it was created, a full disk, a copy that did not finish).
 * SQLite would take it as a new empty store and the technician would see an empty queue with no word of why,
 * so it is refused until the user agrees to keep it aside and start anew.
 */
export class EmptyStoreError extends AtelierError {
  readonly file: string;

  constructor(file: string) {
    super(
      'unavailable',
      `${file}: the store file is empty (0 bytes): it holds no tickets, and may have been cut short by a crash, a full disk or an unfinished copy. ` +
        'It was left untouched. Restore a backup, or keep it aside and start a new, empty store.',
      file,
    );
    this.name = 'EmptyStoreError';
    this.file = file;
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** 0 bytes, with no write-ahead log holding pages either (then SQLite can still read the store from it). */
export function isEmptyStore(file: string): boolean {
  return existsSync(file) && sizeOf(file) === 0 && sizeOf(`${file}-wal`) === 0;
}

/** `2026-12-07T00-41-05-123Z`: sorts, and is a valid file name on every OS (no colon). */
function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * With the user's agreement: renames an empty store (and any file SQLite kept beside it) to
 * `atelier.db.empty-<time>`, so that the next open starts a new store. Returns the new name, or undefined when
 * the file is not an empty store (then nothing is touched).
 */
export function keepEmptyStoreAside(file: string, now = new Date()): string | undefined {
  if (!isEmptyStore(file)) return undefined;
  const aside = `${file}.empty-${stamp(now)}`;
  for (const suffix of STORE_COMPANIONS) {
    if (!existsSync(file + suffix)) continue;
    renameSync(file + suffix, aside + suffix);
    makePrivate(aside + suffix, PRIVATE_FILE_MODE);
  }
  return aside;
}
