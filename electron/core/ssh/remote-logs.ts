import { AtelierError } from '../../../shared/contract/errors';
import type { LogItemResult } from '../../../shared/contract/ssh';
import { LOG_PRESETS, logPresetLabel, type LogPreset } from '../../../shared/remote/logs';
import type { JobContext } from '../jobs';
import type { SshConnection } from './connection';
import type { SftpSession } from './sftp';

/** A command fetching a log may run this long before it is stopped (journals can be large). */
export const LOG_COMMAND_TIMEOUT_MS = 120_000;

export type LogSource = { kind: 'file'; id: string; path: string; label: string } | { kind: 'command'; id: string; command: string; label: string };

/** What to fetch: presets by id, then the file paths typed by the technician. Unknown preset ids are refused. */
export function logSources(presetIds: readonly string[], files: readonly string[]): LogSource[] {
  const sources: LogSource[] = presetIds.map((id, index) => {
    const preset: LogPreset | undefined = LOG_PRESETS.find((p) => p.id === id);
    if (!preset) throw new AtelierError('invalid_input', `presets[${index}]: no log preset "${id}" (known: ${LOG_PRESETS.map((p) => p.id).join(', ')}).`, `presets.${index}`);
    return preset.kind === 'file'
      ? { kind: 'file', id, path: preset.path, label: logPresetLabel(preset) }
      : { kind: 'command', id, command: preset.command, label: logPresetLabel(preset) };
  });
  files.forEach((path, index) => {
    if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) {
      throw new AtelierError('invalid_input', `files[${index}]: "${path}" is not an absolute path on the remote host.`, `files.${index}`);
    }
    sources.push({ kind: 'file', id: path, path, label: path });
  });
  if (sources.length === 0) throw new AtelierError('invalid_input', 'Choose at least one log to fetch.', 'presets');
  return sources;
}

/** `testbox-auth.log-20261123-1420.txt`: host, what, when; safe in every file system. */
export function logFileName(host: string, source: LogSource, at: Date): string {
  const what = source.kind === 'file' ? (source.path.split(/[\\/]/).pop() ?? 'log') : source.id;
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${host}-${what.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80)}-${stamp}.txt`;
}

export interface FetchedLog {
  item: LogItemResult;
  data?: Buffer;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

export function truncationNote(kept: number, total: number): string {
  return `only the last ${sizeText(kept)} of ${sizeText(total)} were kept`;
}

/** Reads one log. Never throws for the log's own trouble (missing, denied): that is the item's status. */
export async function fetchLog(source: LogSource, sftp: SftpSession, connection: SshConnection, maxBytes: number, ctx: Pick<JobContext, 'signal'> & { onBytes?: (n: number) => void }): Promise<FetchedLog> {
  const base = { source: source.id, label: source.label, bytes: 0, totalBytes: 0, truncated: false };
  if (ctx.signal.aborted) return { item: { ...base, status: 'cancelled' } };
  try {
    if (source.kind === 'file') {
      const tail = await sftp.readTail(source.path, maxBytes, { signal: ctx.signal, onProgress: (done) => ctx.onBytes?.(done) });
      const item: LogItemResult = { ...base, status: 'attached', bytes: tail.data.length, totalBytes: tail.size, truncated: tail.truncated };
      if (tail.truncated) item.message = truncationNote(tail.data.length, tail.size);
      return { item, data: tail.data };
    }
    return await runLogCommand(source, connection, maxBytes, ctx, base);
  } catch (error) {
    if (ctx.signal.aborted) return { item: { ...base, status: 'cancelled' } };
    const code = error instanceof AtelierError ? error.code : undefined;
    const status = code === 'not_found' ? 'missing' : code === 'forbidden' ? 'denied' : 'failed';
    return { item: { ...base, status, message: (error as Error).message } };
  }
}

const DENIED = /permission denied|not permitted|insufficient permissions|access is denied|must be root|are not seeing messages/i;

async function runLogCommand(
  source: Extract<LogSource, { kind: 'command' }>,
  connection: SshConnection,
  maxBytes: number,
  ctx: Pick<JobContext, 'signal'> & { onBytes?: (n: number) => void },
  base: Omit<LogItemResult, 'status'>,
): Promise<FetchedLog> {
  // Keep the tail of stdout as it streams (the end of a journal is what matters), and a little stderr.
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let total = 0;
  let stderr = '';
  const result = await connection.run(source.command, {
    signal: ctx.signal,
    timeoutMs: LOG_COMMAND_TIMEOUT_MS,
    sink: (chunk, stream) => {
      if (stream === 'stderr') {
        if (stderr.length < 4000) stderr += chunk.toString('utf8');
        return;
      }
      total += chunk.length;
      kept.push(chunk);
      keptBytes += chunk.length;
      while (keptBytes - (kept[0]?.length ?? 0) >= maxBytes) keptBytes -= kept.shift()!.length;
      ctx.onBytes?.(total);
    },
  });
  let data = Buffer.concat(kept);
  if (data.length > maxBytes) data = data.subarray(data.length - maxBytes);
  const firstError = stderr.trim().split('\n')[0]?.trim() ?? '';
  const empty = data.toString('utf8').trim() === '' || /^-- No entries --\s*$/.test(data.toString('utf8').trim());
  if (result.exitCode === 127 || (empty && /command not found|not recognized|No such file/i.test(stderr))) {
    return { item: { ...base, status: 'missing', message: `the command is not available on this host (${firstError || `exit ${result.exitCode}`})` } };
  }
  if (empty && DENIED.test(stderr)) return { item: { ...base, status: 'denied', message: firstError } };
  if (empty && result.exitCode !== 0) return { item: { ...base, status: 'failed', message: firstError || `the command ended with exit code ${String(result.exitCode)}` } };
  if (empty) return { item: { ...base, status: 'empty', totalBytes: total, message: firstError || 'the command printed no entries: nothing attached' } };
  const truncated = total > data.length;
  const notes = [truncated ? truncationNote(data.length, total) : '', firstError && (result.exitCode !== 0 || DENIED.test(stderr)) ? firstError : ''].filter(Boolean);
  const item: LogItemResult = { ...base, status: 'attached', bytes: data.length, totalBytes: total, truncated };
  if (notes.length > 0) item.message = notes.join('; ');
  return { item, data };
}
