import { AtelierError } from '../../../../shared/contract/errors';
import type { InventorySnapshot } from '../../../../shared/inventory';
import { LINUX_SCRIPT } from './linux-script';
import { parseLinuxOutput } from './linux-parse';
import { MACOS_SCRIPT } from './macos-script';
import { parseMacosOutput } from './macos-parse';
import { windowsCommand } from './windows-script';
import { parseWindowsOutput } from './windows-parse';

export type RemoteOs = 'linux' | 'windows' | 'macos';
export type RunCommand = (command: string) => Promise<{ stdout: string; stderr: string; exitCode: number }>;

export interface RemoteOptions {
  /** The host as the technician names it: becomes the snapshot's machine key. */
  host?: string;
  takenBy?: string;
  signal?: AbortSignal;
}

/** POSIX single quotes: the script reaches `sh -c` byte for byte through any remote login shell. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The exact command line sent to the host for each OS. */
export function remoteCommand(os: RemoteOs): string {
  if (os === 'windows') return windowsCommand();
  return `sh -c ${shellQuote(os === 'linux' ? LINUX_SCRIPT : MACOS_SCRIPT)}`;
}

/**
 * Inventories a remote machine through `run` (the SSH module's runCommand): one command, its output
 * parsed and validated. Garbage, truncated output or a failed command throw an AtelierError naming
 * what is wrong; no partial snapshot comes back.
 */
export async function collectRemote(run: RunCommand, os: RemoteOs, options: RemoteOptions = {}): Promise<InventorySnapshot> {
  if (options.signal?.aborted) throw new AtelierError('cancelled', 'remote inventory was cancelled');
  const started = performance.now();
  const result = await run(remoteCommand(os));
  if (options.signal?.aborted) throw new AtelierError('cancelled', 'remote inventory was cancelled');
  const meta = { host: options.host ?? 'remote', takenBy: options.takenBy ?? 'unknown', durationMs: performance.now() - started };
  // The scripts keep going past failing tools, so a non-zero exit with no output means the shell itself failed.
  if (result.exitCode !== 0 && !result.stdout.includes('@@done')) {
    const detail = result.stderr.trim().split('\n').slice(-3).join(' ').slice(0, 400) || 'no error text';
    throw new AtelierError('unavailable', `remote inventory (${os}): the collector exited with code ${result.exitCode}: ${detail}; nothing was stored`);
  }
  try {
    if (os === 'linux') return parseLinuxOutput(result.stdout, meta);
    if (os === 'macos') return parseMacosOutput(result.stdout, meta);
    return parseWindowsOutput(result.stdout, meta);
  } catch (error) {
    if (error instanceof AtelierError) throw error;
    throw new AtelierError('invalid_input', error instanceof Error ? error.message : String(error));
  }
}

export { LINUX_SCRIPT, MACOS_SCRIPT, parseLinuxOutput, parseMacosOutput, parseWindowsOutput };
