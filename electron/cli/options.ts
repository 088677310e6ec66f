import { Option } from 'commander';

export const START_FRESH_FLAG = '--start-fresh';

/** The option every command takes. */
export function dataDirOption(): Option {
  return new Option('--data-dir <dir>', 'data folder (default: ATELIER_DATA_DIR, else the OS data folder)');
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}
