/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2): newline-delimited JSON, a header object
 * on line 1, then one `[seconds, code, data]` array per line. Codes: "o" output, "i" input, "r" resize
 * ("COLSxROWS"), "m" marker. Pure: the core writes with these functions, the renderer and the procedure
 * draft read with them, so a file the core wrote is always one they can read.
 */
import { AtelierError } from '../contract/errors';

export const ASCIICAST_MIME = 'application/x-asciicast';

export interface CastHeader {
  version: 2;
  width: number;
  height: number;
  /** Unix seconds at the start of the recording. */
  timestamp?: number;
  duration?: number;
  idle_time_limit?: number;
  command?: string;
  title?: string;
  env?: Record<string, string>;
}

export type CastEventCode = 'o' | 'i' | 'r' | 'm';
export interface CastEvent {
  time: number;
  code: CastEventCode;
  data: string;
}

export interface Cast {
  header: CastHeader;
  events: CastEvent[];
}

/**
 * Markers whose label starts with this are commands the technician ran (see command-line.ts); other
 * markers are notes, such as the size limit being reached.
 */
export const COMMAND_MARKER_PREFIX = '$ ';

/** The header line, without its newline. */
export function castHeaderLine(header: CastHeader): string {
  return JSON.stringify(header);
}

/** One event line, without its newline. Times keep microseconds, as asciinema writes them. */
export function castEventLine(time: number, code: CastEventCode, data: string): string {
  return `[${(Math.round(time * 1e6) / 1e6).toFixed(6)}, ${JSON.stringify(code)}, ${JSON.stringify(data)}]`;
}

export function formatCast(cast: Cast): string {
  return [castHeaderLine(cast.header), ...cast.events.map((e) => castEventLine(e.time, e.code, e.data))].join('\n') + '\n';
}

const fail = (line: number, what: string): never => {
  throw new AtelierError('invalid_input', `asciicast line ${line}: ${what}`, `line ${line}`);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const positiveInt = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 10_000;

function parseHeader(text: string): CastHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail(1, 'the header is not JSON');
  }
  if (!isObject(value)) return fail(1, 'the header must be a JSON object');
  if (value.version !== 2) return fail(1, `version must be 2 (found ${JSON.stringify(value.version ?? null)})`);
  if (!positiveInt(value.width)) return fail(1, 'width must be a whole number of columns (1 to 10000)');
  if (!positiveInt(value.height)) return fail(1, 'height must be a whole number of rows (1 to 10000)');
  const header: CastHeader = { version: 2, width: value.width as number, height: value.height as number };
  for (const key of ['timestamp', 'duration', 'idle_time_limit'] as const) {
    if (value[key] === undefined || value[key] === null) continue;
    if (typeof value[key] !== 'number' || !Number.isFinite(value[key]) || (value[key] as number) < 0) return fail(1, `${key} must be a number of seconds`);
    header[key] = value[key] as number;
  }
  for (const key of ['command', 'title'] as const) {
    if (value[key] === undefined || value[key] === null) continue;
    if (typeof value[key] !== 'string') return fail(1, `${key} must be text`);
    header[key] = value[key] as string;
  }
  if (value.env !== undefined && value.env !== null) {
    if (!isObject(value.env)) return fail(1, 'env must be an object of text values');
    header.env = Object.fromEntries(Object.entries(value.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return header;
}

const CODES = new Set<string>(['o', 'i', 'r', 'm']);

/**
 * Reads a cast. A corrupt file is refused with the first problem and its line (`asciicast line 7: the
 * time goes backwards`). Unknown event codes are skipped, as players do, so later format additions load.
 * A last line cut short (a recording interrupted mid-write) is an error too: the caller decides.
 */
export function parseCast(text: string): Cast {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = lines[0]?.replace(/\r$/, '');
  if (first === undefined || first.trim() === '') return fail(1, 'the file is empty (no header)');
  const header = parseHeader(first);
  const events: CastEvent[] = [];
  let previous = 0;
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    const raw = (lines[index] as string).replace(/\r$/, '');
    if (raw.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return fail(line, 'not a JSON array (the line is damaged or cut short)');
    }
    if (!Array.isArray(value) || value.length !== 3) return fail(line, 'an event is a [time, code, data] array of 3 items');
    const [time, code, data] = value as unknown[];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) return fail(line, 'the time must be a number of seconds, 0 or more');
    if (time < previous) return fail(line, `the time goes backwards (${time} after ${previous})`);
    if (typeof code !== 'string') return fail(line, 'the event code must be text ("o", "i", "r" or "m")');
    if (typeof data !== 'string') return fail(line, 'the event data must be text');
    previous = time;
    if (!CODES.has(code)) continue;
    if (code === 'r' && parseSize(data) === undefined) return fail(line, `a resize is "COLSxROWS" (found ${JSON.stringify(data.slice(0, 20))})`);
    events.push({ time, code: code as CastEventCode, data });
  }
  return { header, events };
}

export function parseSize(data: string): { cols: number; rows: number } | undefined {
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(data);
  if (!match) return undefined;
  const cols = Number(match[1]);
  const rows = Number(match[2]);
  return cols > 0 && rows > 0 ? { cols, rows } : undefined;
}

/**
 * Play times with long pauses shortened to `idleCap` seconds (a technician reading a man page for five
 * minutes replays as a short pause). Returns one time per event, and the total.
 */
export function playTimes(events: readonly CastEvent[], idleCap: number): { times: number[]; duration: number } {
  const times: number[] = [];
  let played = 0;
  let last = 0;
  for (const event of events) {
    played += Math.min(event.time - last, idleCap);
    last = event.time;
    times.push(played);
  }
  return { times, duration: played };
}

/** The title an attachment of a recording gets: `session-HOST-YYYYMMDD-HHMM.cast` (local time). */
export function recordingFileName(host: string, start: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${start.getFullYear()}${two(start.getMonth() + 1)}${two(start.getDate())}`;
  return `session-${host}-${day}-${two(start.getHours())}${two(start.getMinutes())}.cast`;
}
