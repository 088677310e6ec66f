import type { Client, ClientChannel } from 'ssh2';
import { AtelierError } from '../../../shared/contract/errors';
import type { RunResult } from '../../../shared/contract/ssh';
import { SshError } from './errors';

export interface RunOptions {
  /** Kill the command and fail with `command_timeout` after this long (default 60 s). */
  timeoutMs?: number;
  /** Output kept (stdout + stderr together, default 1 MiB); past it the command is stopped and `truncated` set. */
  maxOutputBytes?: number;
  signal?: AbortSignal;
  /** Streams the output instead of keeping it (no size limit then): bench and large transfers. */
  sink?: (chunk: Buffer, stream: 'stdout' | 'stderr') => void;
  /** Written to the command's stdin, then stdin is closed. */
  stdin?: string | Buffer;
  /** Used in messages only. */
  hostName?: string;
  /** Told once the host has accepted to run the command. */
  onStarted?: () => void;
}

export const DEFAULT_RUN_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * Opens the command's channel and hands it to `watch` inside ssh2's callback, synchronously: a short command's
 * exit status and close can arrive in the same read as the channel's confirmation, before any await resumes.
 */
function openExec<T>(client: Client, command: string, watch: (channel: ClientChannel) => T): Promise<T> {
  return new Promise((resolve, reject) => client.exec(command, (error, channel) => (error ? reject(error) : resolve(watch(channel)))));
}

/**
 * Runs one command on a connected host: the single place where the core executes remote commands
 * (remote probes and remote inventory go through here). Resolves with the exit code even when it is not 0.
 */
export async function runCommand(client: Client, command: string, options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const name = options.hostName ?? 'remote host';
  const timeoutMs = options.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  if (options.signal?.aborted) throw new AtelierError('cancelled', `${name}: command cancelled.`);
  let finished: Promise<RunResult>;
  try {
    ({ finished } = await openExec(client, command, (channel) => {
      options.onStarted?.();
      return { finished: watchCommand(channel) };
    }));
  } catch (error) {
    throw new SshError('closed', `${name}: cannot start the command (${(error as Error).message}).`, { host: name, cause: error });
  }
  return await finished;

  function watchCommand(channel: ClientChannel): Promise<RunResult> {
    return new Promise<RunResult>((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let kept = 0;
      let truncated = false;
      let exitCode: number | null = null;
      let exitSignal: string | undefined;
      let settled = false;

      const stop = () => {
        try {
          channel.signal('KILL');
        } catch {
          // the channel may already be closing
        }
        channel.close();
      };
      const done = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        options.signal?.removeEventListener('abort', onAbort);
        if (error) {
          stop();
          reject(error);
          return;
        }
        const result: RunResult = {
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          exitCode,
          truncated,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
        };
        if (exitSignal !== undefined) result.signal = exitSignal;
        resolve(result);
      };
      const onAbort = () => done(new AtelierError('cancelled', `${name}: command cancelled.`));
      const timer = setTimeout(
        () => done(new SshError('command_timeout', `${name}: the command did not finish within ${timeoutMs} ms and was stopped.`, { host: name })),
        timeoutMs,
      );
      // The signal may have fired while the channel was opening: that event is gone, so look.
      if (options.signal?.aborted) {
        queueMicrotask(onAbort);
      } else {
        options.signal?.addEventListener('abort', onAbort, { once: true });
      }

      const collect = (target: Buffer[], stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        if (options.sink) {
          options.sink(chunk, stream);
          return;
        }
        if (truncated) return;
        const room = limit - kept;
        if (chunk.length > room) {
          if (room > 0) target.push(chunk.subarray(0, room));
          kept = limit;
          truncated = true;
          // Output past the limit is not wanted: stop the command instead of draining it.
          stop();
          return;
        }
        target.push(chunk);
        kept += chunk.length;
      };
      channel.on('data', collect(out, 'stdout'));
      channel.stderr.on('data', collect(err, 'stderr'));
      channel.on('exit', (code: number | null, signal?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        if (signal) exitSignal = signal;
      });
      channel.on('close', () => done());
      channel.on('error', (error: Error) => done(new SshError('closed', `${name}: the command's channel failed (${error.message}).`, { host: name })));
      if (options.stdin !== undefined) channel.end(options.stdin);
      else channel.end();
    });
  }
}
