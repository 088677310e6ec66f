import type { OsFamily } from '../../../shared/contract/ssh';
import { AtelierError } from '../../../shared/contract/errors';
import type { InventorySnapshot } from '../../../shared/inventory';
import type { ConnectOptions } from '../ssh/connect';
import type { RunOptions } from '../ssh/exec';
import type { SshService } from '../ssh/service';
import { collectRemote, remoteCommand, type RemoteOs } from './remote';

/** The remote collectors print a few hundred KiB at most; past this the host is not sending an inventory. */
export const REMOTE_MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
export const REMOTE_TIMEOUT_MS = 120_000;

export interface HostCollectOptions {
  osFamily?: OsFamily;
  takenBy?: string;
  signal?: AbortSignal;
  /** Trust the host key when none is pinned yet (CLI `--accept-new`); a changed key is always refused. */
  acceptNewHostKeys?: boolean;
  timeoutMs?: number;
  /** Sections the collector has finished so far, out of those it will print (when known). */
  onProgress?: (done: number, total: number | undefined, section: string) => void;
}

/** Our collectors exist for these three; any other family is tried as Linux (POSIX sh), the common case. */
export function remoteOsOf(family: OsFamily | undefined): RemoteOs {
  return family === 'windows' || family === 'macos' ? family : 'linux';
}

/** How many `section NAME` steps the sh collectors run: the progress total. */
function expectedSections(os: RemoteOs): number | undefined {
  if (os === 'windows') return undefined;
  const count = (remoteCommand(os).match(/^\s*section [a-z_]+ /gm) ?? []).length;
  return count > 0 ? count : undefined;
}

/**
 * Inventories a host of the book over SSH with the app's trust store: one command, its output streamed
 * so progress follows the sections as the host finishes them, then parsed and validated. Throws an
 * AtelierError (SshError for connection and trust failures) and returns no partial snapshot.
 */
export async function collectHost(ssh: SshService, hostName: string, options: HostCollectOptions = {}): Promise<InventorySnapshot> {
  const os = remoteOsOf(options.osFamily);
  const total = expectedSections(os);
  const run = async (command: string) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let done = 0;
    let tail = '';
    // Too much output stops the command (a throw inside the sink would escape as an uncaught error).
    const stop = new AbortController();
    let overflow = false;
    const onAbort = () => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const runOptions: RunOptions & ConnectOptions = {
      timeoutMs: options.timeoutMs ?? REMOTE_TIMEOUT_MS,
      acceptNewHostKeys: options.acceptNewHostKeys === true,
      hostName,
      signal: stop.signal,
      sink: (chunk, stream) => {
        size += chunk.length;
        if (size > REMOTE_MAX_OUTPUT_BYTES) {
          overflow = true;
          stop.abort();
          return;
        }
        (stream === 'stdout' ? out : err).push(chunk);
        if (stream !== 'stdout' || !options.onProgress) return;
        // Count finished sections across chunk boundaries.
        const text = tail + chunk.toString('utf8');
        const lines = text.split('\n');
        tail = lines.pop() ?? '';
        for (const line of lines) {
          const end = /^@@end (\S+)/.exec(line);
          if (end) options.onProgress(++done, total, end[1] ?? '');
        }
      },
    };
    let result;
    try {
      result = await ssh.runCommand(hostName, command, runOptions);
    } catch (error) {
      if (overflow) throw new AtelierError('invalid_input', `remote inventory (${os}): ${hostName} sent more than ${REMOTE_MAX_OUTPUT_BYTES} bytes; nothing was stored`);
      throw error;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
    }
    return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: result.exitCode ?? -1 };
  };
  return await collectRemote(run, os, {
    host: hostName,
    ...(options.takenBy ? { takenBy: options.takenBy } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
