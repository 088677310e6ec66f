import { homedir } from 'node:os';
import { join } from 'node:path';

const APP_DIR = 'atelier';

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
