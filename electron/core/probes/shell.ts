import { spawn } from 'node:child_process';
import { UnavailableCode, unavailableReading, type Reading } from '../../../shared/checklists';
import type { CommandOutput } from './types';

export const UNAVAILABLE_MARK = '@@unavailable ';
const MAX_OUTPUT = 4 * 1024 * 1024;

/** Quotes one word for POSIX sh. Arguments are validated by their schema too; this is the second fence. */
export function shq(value: string | number): string {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

/**
 * A script line that says why the probe cannot measure, as a code and its parameters
 * (`@@unavailable [tool_missing tool=smartctl package=smartmontools] smartctl is not installed`) so the reader
 * gets it in their language; the English sentence after it is for devices that predate the code.
 * Parameter values are URI-encoded so a path with spaces stays one value.
 */
export function unavailableLine(code: UnavailableCode, params: Readonly<Record<string, string | number>> = {}): string {
  const reading = unavailableReading(code, params);
  const pairs = Object.entries(reading.params ?? {}).map(([k, v]) => ` ${k}=${encodeURIComponent(String(v))}`).join('');
  return `echo ${shq(`${UNAVAILABLE_MARK}[${code}${pairs}] ${reading.reason}`)}; exit 0`;
}

/** A script line that reports the probe as unavailable when `tool` is not on PATH. */
export function requireTool(tool: string, pkg?: string): string {
  return `command -v ${tool} >/dev/null 2>&1 || { ${unavailableLine('tool_missing', pkg ? { tool, package: pkg } : { tool })}; }`;
}

const CODED = /^\[([a-z_]+)((?: [a-z_]+=[^\s\]]+)*)\]\s*(.*)$/;

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The `@@unavailable` line of a script's output, as a reading; undefined when the script measured. */
export function unavailableFrom(output: CommandOutput): Reading | undefined {
  const line = output.stdout.split('\n').find((l) => l.startsWith(UNAVAILABLE_MARK));
  if (!line) return undefined;
  const text = line.slice(UNAVAILABLE_MARK.length).trim();
  const coded = CODED.exec(text);
  const known = coded ? UnavailableCode.safeParse(coded[1]) : undefined;
  if (!coded || !known?.success) return { available: false, reason: text || 'not available' };
  const params = Object.fromEntries(
    (coded[2] ?? '').trim().split(' ').filter(Boolean).map((pair) => [pair.slice(0, pair.indexOf('=')), decoded(pair.slice(pair.indexOf('=') + 1))] as [string, string]),
  );
  return { available: false, reason: coded[3] || coded[1] || 'not available', code: known.data, params };
}

/** Splits `== name ==` delimited sections printed by a script. */
export function sections(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  let name = '';
  let lines: string[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^== (\S+) ==$/.exec(line);
    if (match) {
      out.set(name, lines.join('\n'));
      name = match[1]!;
      lines = [];
    } else lines.push(line);
  }
  out.set(name, lines.join('\n'));
  return out;
}

/** Runs a sh script on this machine with a time limit and a signal; output is capped. */
export function runLocalCommand(script: string, { signal, timeoutMs }: { signal: AbortSignal; timeoutMs: number }): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const child = spawn('sh', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      if (size >= MAX_OUTPUT) return;
      size += chunk.length;
      into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    const stop = () => child.kill('SIGKILL');
    const timer = setTimeout(stop, timeoutMs);
    signal.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      if (signal.aborted) return reject(signal.reason);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code });
    });
  });
}

export function num(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(value) ? value : null;
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
