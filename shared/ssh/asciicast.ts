/**
 * asciicast v2 (https://docs.asciinema.org/manual/asciicast/v2): newline-delimited JSON, a header object
 * on line 1, then one `[seconds, code, data]` array per line. Codes: "o" output, "i" input, "r" resize
 * ("COLSxROWS"), "m" marker. Pure: the core writes with these functions, the renderer and the procedure
 * draft read with cast-read.ts, so a file the core wrote is always one they can read.
 */

export const ASCIICAST_MIME = 'application/x-asciicast';

/**
 * Whether a file a person attaches is a terminal recording, so the ticket offers to replay it: a `.cast`
 * (v2, v3), or a `.json` that opens as an asciicast v1 does (asciinema 1.x saved `.json`). Browsers give
 * such files no type of their own.
 */
export function isCastFile(name: string, head: string): boolean {
  if (/\.cast$/i.test(name)) return true;
  return /\.json$/i.test(name) && /^\s*\{/.test(head) && /"version"\s*:\s*1\s*[,}]/.test(head) && /"stdout"\s*:/.test(head);
}

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

/** Why an event was skipped on reading (translated by the UI). */
export type CastProblem = 'not_json' | 'cut_short' | 'not_event' | 'bad_time' | 'backwards' | 'not_text' | 'bad_resize';

/** An event skipped on reading: its line (v2, v3) or its frame number (v1), and why. */
export interface CastNote {
  line?: number;
  frame?: number;
  problem: CastProblem;
  /** The offending value, shortened (a resize that is not COLSxROWS). */
  detail?: string;
}

/**
 * A recording as the app plays it: times since the start, the v2 header fields (whatever the file's
 * version). Only v2 is written; `format` says when the file was another version.
 */
export interface Cast {
  header: CastHeader;
  events: CastEvent[];
  format?: 1 | 3;
  /** Events skipped on reading, first ones only; `skipped` counts them all when there were more. */
  notes?: CastNote[];
  skipped?: number;
  /** The exit status a v3 recording ends with (`x` event). */
  exitStatus?: number;
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

/** The title an attachment of a recording gets: `session-HOST-YYYYMMDD-HHMM.cast` (local time). */
export function recordingFileName(host: string, start: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${start.getFullYear()}${two(start.getMonth() + 1)}${two(start.getDate())}`;
  return `session-${host}-${day}-${two(start.getHours())}${two(start.getMinutes())}.cast`;
}
