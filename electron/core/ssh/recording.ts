import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ASCIICAST_MIME, castEventLine, castHeaderLine, COMMAND_MARKER_PREFIX, recordingFileName, type CastEventCode } from '../../../shared/ssh/asciicast';
import { CommandTracker } from '../../../shared/ssh/command-line';

/** A recording stops growing here (a flood must not fill the disk or the ticket). */
export const RECORDING_MAX_BYTES = 50 * 1024 * 1024;
/** Lines are written in batches of about this size, or after FLUSH_MS, so a crash loses at most a second. */
const FLUSH_BYTES = 64 * 1024;
const FLUSH_MS = 1000;
/** Room kept under the cap for the closing note. */
const NOTE_ROOM = 512;

export interface RecorderOptions {
  file: string;
  cols: number;
  rows: number;
  title: string;
  term: string;
  maxBytes?: number;
  /** Milliseconds, monotonic; tests pass a fake. */
  clock?: () => number;
  startedAt?: Date;
}

export interface RecordingSummary {
  file: string;
  bytes: number;
  truncated: boolean;
  commands: number;
}

/**
 * Writes one terminal session as asciicast v2 while it runs: output ("o"), resizes ("r") and, for each
 * command the technician ran, a marker ("m", `$ command`). Typed input is NEVER written: there is no
 * "i" event at all, so a password typed at a `sudo` prompt cannot land in the file. Commands come from
 * the echoed output through CommandTracker (keystrokes only tell it when a line starts and ends), so
 * what a marker holds was already on screen, hence already in the "o" events.
 * Memory stays bounded: lines go to the file in small batches; past `maxBytes` a note is written and
 * recording stops while the session goes on.
 */
export class CastRecorder {
  readonly startedAt: Date;
  readonly file: string;
  private readonly fd: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly tracker = new CommandTracker();
  private readonly clock: () => number;
  private readonly start: number;
  private readonly maxBytes: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private written = 0;
  private lastTime = 0;
  private commands = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private state: 'recording' | 'truncated' | 'stopped' = 'recording';
  private wasTruncated = false;
  /** Why writing failed (disk full...): recording stopped there, the session went on. */
  private writeError: string | undefined;

  constructor(options: RecorderOptions) {
    this.file = options.file;
    this.clock = options.clock ?? (() => performance.now());
    this.start = this.clock();
    this.startedAt = options.startedAt ?? new Date();
    this.maxBytes = options.maxBytes ?? RECORDING_MAX_BYTES;
    this.fd = openSync(this.file, 'w', 0o600);
    const header = castHeaderLine({
      version: 2,
      width: options.cols,
      height: options.rows,
      timestamp: Math.floor(this.startedAt.getTime() / 1000),
      title: options.title,
      env: { TERM: options.term },
    });
    this.writeNow(`${header}\n`);
  }

  get recording(): boolean {
    return this.state === 'recording';
  }

  /** The size limit was reached (or the disk refused a write): the session went on unrecorded. */
  get truncated(): boolean {
    return this.wasTruncated;
  }

  get error(): string | undefined {
    return this.writeError;
  }

  /** Bytes the session printed. Split UTF-8 sequences are carried to the next chunk by the decoder. */
  output(chunk: Buffer): void {
    if (this.state !== 'recording') return;
    const text = this.decoder.write(chunk);
    if (text === '') return;
    const time = this.now();
    this.append(time, 'o', text);
    for (const command of this.tracker.output(text)) {
      this.commands++;
      this.append(time, 'm', `${COMMAND_MARKER_PREFIX}${command}`);
    }
  }

  /** Keys the technician sent: only a signal for the command tracker, never written. */
  input(data: string): void {
    if (this.state === 'recording') this.tracker.input(data);
  }

  resize(cols: number, rows: number): void {
    if (this.state === 'recording') this.append(this.now(), 'r', `${cols}x${rows}`);
  }

  /** Finishes the file (idempotent). */
  stop(): RecordingSummary {
    if (this.state !== 'stopped') {
      const rest = this.state === 'recording' ? this.decoder.end() : '';
      if (rest) this.append(this.now(), 'o', rest);
      this.flush();
      try {
        closeSync(this.fd);
      } catch {
        // already unusable; what was written stays
      }
      this.state = 'stopped';
    }
    return { file: this.file, bytes: this.written, truncated: this.wasTruncated, commands: this.commands };
  }

  private now(): number {
    // Monotonic whatever the clock does: players require times that never go back.
    this.lastTime = Math.max(this.lastTime, (this.clock() - this.start) / 1000);
    return this.lastTime;
  }

  private append(time: number, code: CastEventCode, data: string): void {
    const line = `${castEventLine(time, code, data)}\n`;
    const bytes = Buffer.byteLength(line);
    if (this.written + this.pendingBytes + bytes > this.maxBytes - NOTE_ROOM) {
      const limit = this.maxBytes >= 1024 * 1024 ? `${Math.round(this.maxBytes / (1024 * 1024))} MB` : `${Math.round(this.maxBytes / 1024)} KB`;
      const note = `${castEventLine(time, 'm', `Recording stopped: the ${limit} limit was reached`)}\n`;
      this.pending.push(note);
      this.pendingBytes += Buffer.byteLength(note);
      this.state = 'truncated';
      this.wasTruncated = true;
      this.flush();
      return;
    }
    this.pending.push(line);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref?.();
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    this.writeNow(text);
  }

  /** Never throws: it runs inside the session's output listener, where an exception would kill the core. */
  private writeNow(text: string): void {
    if (this.writeError) return;
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    try {
      while (offset < buffer.length) offset += writeSync(this.fd, buffer, offset);
    } catch (error) {
      this.writeError = error instanceof Error ? error.message : String(error);
      this.wasTruncated = true;
      if (this.state === 'recording') this.state = 'truncated';
    }
    this.written += offset;
  }
}

/** A line cut by a crash or a failed write is dropped: the file then parses, up to the last whole event. */
function wholeLines(data: Buffer): Buffer {
  return data.subarray(0, data.lastIndexOf(0x0a) + 1);
}

export interface RecordingTarget {
  ticketId: string;
  host: string;
}

/** Where recordings are kept while they run, and how a finished one reaches its ticket. */
export interface RecordingDeps {
  dir: string;
  /** Throws (not_found) when the ticket does not exist: checked before connecting. */
  checkTicket(ticketId: string): void;
  /** Stores the file as a ticket attachment. */
  attach(ticketId: string, name: string, mime: string, data: Buffer): void;
  log?: (message: string, error?: unknown) => void;
}

export interface StoredRecording {
  ticketId: string;
  name: string;
  bytes: number;
  truncated: boolean;
  commands: number;
}

/**
 * Recordings of one core: a `<session>.cast` file plus a `<session>.json` note saying which ticket it
 * is for, under the data folder. The pair is deleted once attached; a pair left by a crash is attached
 * when the core next opens (see recover), so a recording is not lost with the process.
 */
export class SessionRecordings {
  constructor(private readonly deps: RecordingDeps) {}

  begin(sessionId: string, target: RecordingTarget, size: { cols: number; rows: number }, term: string, maxBytes?: number): CastRecorder {
    mkdirSync(this.deps.dir, { recursive: true, mode: 0o700 });
    const startedAt = new Date();
    writeFileSync(join(this.deps.dir, `${sessionId}.json`), JSON.stringify({ ...target, startedAt: startedAt.toISOString() }), { mode: 0o600 });
    return new CastRecorder({ file: join(this.deps.dir, `${sessionId}.cast`), ...size, title: target.host, term, startedAt, ...(maxBytes ? { maxBytes } : {}) });
  }

  check(ticketId: string): void {
    this.deps.checkTicket(ticketId);
  }

  /** Stops the recorder and attaches the file to the ticket; the files are removed once stored. */
  finish(recorder: CastRecorder, target: RecordingTarget): StoredRecording {
    const summary = recorder.stop();
    const name = recordingFileName(target.host, recorder.startedAt);
    this.deps.attach(target.ticketId, name, ASCIICAST_MIME, wholeLines(readFileSync(summary.file)));
    this.remove(summary.file);
    return { ticketId: target.ticketId, name, bytes: summary.bytes, truncated: summary.truncated, commands: summary.commands };
  }

  /** Attaches recordings a previous run left behind (crash, power cut). Returns how many were attached. */
  recover(): number {
    let files: string[];
    try {
      files = readdirSync(this.deps.dir).filter((f) => f.endsWith('.json'));
    } catch {
      return 0;
    }
    let attached = 0;
    for (const note of files.slice(0, 100)) {
      const cast = join(this.deps.dir, note.replace(/\.json$/, '.cast'));
      try {
        const target = JSON.parse(readFileSync(join(this.deps.dir, note), 'utf8')) as RecordingTarget & { startedAt: string };
        this.deps.attach(target.ticketId, recordingFileName(target.host, new Date(target.startedAt)), ASCIICAST_MIME, wholeLines(readFileSync(cast)));
        this.remove(cast);
        attached++;
      } catch (error) {
        this.deps.log?.(`recording ${note} could not be attached to its ticket; it stays in ${this.deps.dir}`, error);
      }
    }
    return attached;
  }

  /** Drops a recording that could not start (the session failed to open). */
  discard(recorder: CastRecorder): void {
    recorder.stop();
    this.remove(recorder.file);
  }

  private remove(castFile: string): void {
    rmSync(castFile, { force: true });
    rmSync(castFile.replace(/\.cast$/, '.json'), { force: true });
  }
}
