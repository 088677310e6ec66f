/**
 * Reads asciicast v1, v2 and v3 (https://docs.asciinema.org/manual/asciicast/): v1 is one JSON object whose
 * `stdout` frames carry delays since the previous frame; v2 is a header line then `[time, code, data]`
 * lines with times since the start; v3 is v2 with the size under `term`, times as intervals since the
 * previous event, `#` comment lines and an `x` (exit) event. All three come out as one shape (times since
 * the start, the v2 header fields), so the player and the command list know one format. A broken header
 * refuses the file; a broken event is skipped and noted with its line, as asciinema's own player does.
 */
import { AtelierError } from '../contract/errors';
import type { Cast, CastEvent, CastEventCode, CastHeader, CastNote } from './asciicast';

const fail = (line: number, what: string): never => {
  throw new AtelierError('invalid_input', `asciicast line ${line}: ${what}`, `line ${line}`);
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const positiveInt = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value > 0 && value <= 10_000;
const CODES = new Set<string>(['o', 'i', 'r', 'm']);
/** Past this many, notes are counted, not listed: a file of garbage must not build a page of notes. */
const MAX_NOTES = 50;

/** The optional header fields, the same in every version. */
function headerFields(value: Record<string, unknown>, width: number, height: number, line: number): CastHeader {
  const header: CastHeader = { version: 2, width, height };
  for (const key of ['timestamp', 'duration', 'idle_time_limit'] as const) {
    if (value[key] === undefined || value[key] === null) continue;
    if (typeof value[key] !== 'number' || !Number.isFinite(value[key]) || (value[key] as number) < 0) return fail(line, `${key} must be a number of seconds`);
    header[key] = value[key] as number;
  }
  for (const key of ['command', 'title'] as const) {
    if (value[key] === undefined || value[key] === null) continue;
    if (typeof value[key] !== 'string') return fail(line, `${key} must be text`);
    header[key] = value[key] as string;
  }
  if (value.env !== undefined && value.env !== null) {
    if (!isObject(value.env)) return fail(line, 'env must be an object of text values');
    header.env = Object.fromEntries(Object.entries(value.env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  return header;
}

function size(value: unknown, what: 'width' | 'height' | 'term.cols' | 'term.rows', line: number): number {
  if (!positiveInt(value)) fail(line, `${what} must be a whole number of ${/width|cols/.test(what) ? 'columns' : 'rows'} (1 to 10000)`);
  return value as number;
}

/** Collects skipped events, keeping the first MAX_NOTES. */
class Notes {
  readonly list: CastNote[] = [];
  skipped = 0;
  add(note: CastNote): void {
    this.skipped++;
    if (this.list.length < MAX_NOTES) this.list.push(note);
  }
  onto(cast: Cast): Cast {
    return this.skipped ? { ...cast, notes: this.list, ...(this.skipped > this.list.length ? { skipped: this.skipped } : {}) } : cast;
  }
}

export function parseCast(text: string): Cast {
  const body = text.replace(/^\uFEFF/, '');
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = lines[0]?.replace(/\r$/, '');
  if (first === undefined || first.trim() === '') return fail(1, 'the file is empty (no header)');
  let value: unknown;
  try {
    value = JSON.parse(first);
  } catch {
    // v1 is one JSON object over many lines: its first line alone is not JSON.
    if (first.trim() === '{') return parseV1(body);
    return fail(1, 'the header is not JSON');
  }
  if (!isObject(value)) return fail(1, 'the header must be a JSON object');
  if (value.version === 1) return parseV1(body);
  if (value.version === 2) return parseEvents(lines, headerFields(value, size(value.width, 'width', 1), size(value.height, 'height', 1), 1), 2);
  if (value.version === 3) {
    if (!isObject(value.term)) return fail(1, 'a v3 header has a "term" object with cols and rows');
    return parseEvents(lines, headerFields(value, size(value.term.cols, 'term.cols', 1), size(value.term.rows, 'term.rows', 1), 1), 3);
  }
  return fail(1, `version must be 1, 2 or 3 (found ${JSON.stringify(value.version ?? null)})`);
}

/** v2 and v3: one event per line; v3 times are intervals since the previous event. */
function parseEvents(lines: string[], header: CastHeader, version: 2 | 3): Cast {
  const events: CastEvent[] = [];
  const notes = new Notes();
  let clock = 0;
  let exitStatus: number | undefined;
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    const raw = (lines[index] as string).replace(/\r$/, '');
    if (raw.trim() === '' || (version === 3 && raw.startsWith('#'))) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      notes.add({ line, problem: index === lines.length - 1 ? 'cut_short' : 'not_json' });
      continue;
    }
    if (!Array.isArray(value) || value.length !== 3) {
      notes.add({ line, problem: 'not_event' });
      continue;
    }
    const [time, code, data] = value as unknown[];
    if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
      notes.add({ line, problem: 'bad_time' });
      continue;
    }
    const at = version === 3 ? Math.round((clock + time) * 1e6) / 1e6 : time;
    if (at < clock) {
      notes.add({ line, problem: 'backwards', detail: `${time} < ${clock}` });
      continue;
    }
    if (typeof code !== 'string' || typeof data !== 'string') {
      notes.add({ line, problem: 'not_text' });
      continue;
    }
    clock = at;
    if (code === 'x') {
      const status = Number(data);
      if (Number.isInteger(status)) exitStatus = status;
      continue;
    }
    if (!CODES.has(code)) continue;
    if (code === 'r' && parseSize(data) === undefined) {
      notes.add({ line, problem: 'bad_resize', detail: data.slice(0, 20) });
      continue;
    }
    events.push({ time: at, code: code as CastEventCode, data });
  }
  const cast: Cast = { header, events, ...(version === 3 ? { format: 3 as const } : {}), ...(exitStatus !== undefined ? { exitStatus } : {}) };
  return notes.onto(cast);
}

/** v1: one JSON object; `stdout` is `[delay, data]` frames, delays since the previous frame. */
function parseV1(body: string): Cast {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    return fail(at ? body.slice(0, Number(at[1])).split('\n').length : 1, 'a v1 recording is one JSON object, and this one is damaged or cut short');
  }
  if (!isObject(value) || value.version !== 1) return fail(1, 'version must be 1, 2 or 3');
  const header = headerFields(value, size(value.width, 'width', 1), size(value.height, 'height', 1), 1);
  if (!Array.isArray(value.stdout)) return fail(1, 'a v1 recording has its output in a "stdout" list of [delay, data] frames');
  const events: CastEvent[] = [];
  const notes = new Notes();
  let clock = 0;
  value.stdout.forEach((frame: unknown, index: number) => {
    if (!Array.isArray(frame) || frame.length !== 2) return notes.add({ frame: index + 1, problem: 'not_event' });
    const [delay, data] = frame as unknown[];
    if (typeof delay !== 'number' || !Number.isFinite(delay) || delay < 0) return notes.add({ frame: index + 1, problem: 'bad_time' });
    if (typeof data !== 'string') return notes.add({ frame: index + 1, problem: 'not_text' });
    clock = Math.round((clock + delay) * 1e6) / 1e6;
    events.push({ time: clock, code: 'o', data });
  });
  return notes.onto({ header, events, format: 1 });
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
