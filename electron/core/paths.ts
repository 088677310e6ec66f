import { accessSync, chmodSync, constants, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AtelierError } from '../../shared/contract/errors';

const APP_DIR = 'atelier';
/** The store's file name in the data folder. */
export const STORE_FILE = 'atelier.db';
/** The log's path inside the data folder. */
export const LOG_DIR = 'logs';
export const LOG_FILE = 'atelier.log';
/** Terminal recordings being written (finished ones go into the store). */
export const RECORDINGS_DIR = 'recordings';

/**
 * Where Atelier keeps its data when neither `--data-dir` nor ATELIER_DATA_DIR is given:
 * the XDG data home on Linux, Application Support on macOS, %APPDATA% on Windows.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ATELIER_DATA_DIR) return env.ATELIER_DATA_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Atelier');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Atelier');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), APP_DIR);
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag && flag.length > 0 ? flag : defaultDataDir(env);
}

/** Owner only, as OpenSSH keeps ~/.ssh: other accounts of the machine read neither tickets nor logs. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const FOLDER_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file of that name is in the way',
  ENOSPC: 'no space left on the disk',
};

/**
 * An error that names the data folder and what to do, for a folder Atelier cannot create or write:
 * the raw `EACCES: permission denied, mkdir '…/logs'` tells neither.
 */
export function dataDirError(dataDir: string, error: unknown): AtelierError {
  const code = (error as { code?: string }).code ?? '';
  const reason = FOLDER_ERRORS[code] ?? (error instanceof Error ? error.message : String(error));
  return new AtelierError(
    'unavailable',
    `The data folder ${dataDir} cannot be written (${reason}${code && FOLDER_ERRORS[code] ? `, ${code}` : ''}). ` +
      'Give your account write access to it, or choose another folder with --data-dir DIR or ATELIER_DATA_DIR.',
  );
}

/**
 * Takes away group and other access from a file or folder of the store that this account owns. Windows has
 * no such bits (the profile folder's ACL protects the data there); a path that is not there is left alone.
 */
export function makePrivate(path: string, mode: number): void {
  if (process.platform === 'win32') return;
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return;
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) return;
  if ((stat.mode & 0o777) !== mode) chmodSync(path, mode);
}

/**
 * Creates the data folder (and its logs folder) owner-only, or takes group and other access away from an
 * existing one that holds a store. A shared folder (sticky bit, as /tmp) or someone else's is never changed.
 */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const stat = statSync(dataDir);
    const shared = (stat.mode & 0o1000) !== 0;
    if (!shared && (existsSync(join(dataDir, STORE_FILE)) || readdirSync(dataDir).length === 0)) makePrivate(dataDir, PRIVATE_DIR_MODE);
    const logs = join(dataDir, LOG_DIR);
    mkdirSync(logs, { recursive: true, mode: PRIVATE_DIR_MODE });
    makePrivate(logs, PRIVATE_DIR_MODE);
    makePrivate(join(dataDir, RECORDINGS_DIR), PRIVATE_DIR_MODE);
    accessSync(dataDir, constants.W_OK);
  } catch (error) {
    throw dataDirError(dataDir, error);
  }
}
