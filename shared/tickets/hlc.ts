/**
 * Hybrid logical clock (HLC): timestamps that follow causality across devices and stay close to wall time.
 *
 * A timestamp is a fixed-width string `2025-03-14T09:26:53.589Z-0000-0123456789abcdef`:
 * logical wall time (ISO, ms, UTC), a 4-hex-digit counter, the 16-hex-digit node id of the device.
 * Plain string comparison orders timestamps (years 0000-9999), so SQLite can `ORDER BY hlc`.
 *
 * Rules:
 * - `now()` (a local event) and `receive(remote)` (a remote event seen) never return a value <= one already
 *   returned, even when the injected wall clock jumps backwards: the logical time holds and the counter
 *   grows. If the counter would pass 0xffff, the logical time moves 1 ms ahead instead of failing.
 * - Monotonic across restarts: the store saves `last` with every event it writes and passes it back as
 *   `last` at construction.
 * - Drift rule: `receive()` refuses (HlcDriftError, clock unchanged) a remote timestamp more than
 *   `maxDriftMs` (default 10 min) ahead of our wall clock. Accepting it would drag our clock, and every
 *   timestamp we issue afterwards, into the future; refusing it means a device whose clock is a day ahead
 *   cannot win every last-writer-wins field: its events are turned back until its clock is set right. The
 *   hub applies a stricter bound on push (5 min) and devices follow the hub's time (docs/sync.md), so what
 *   the hub serves always passes this check. The bound is also the most by
 *   which a receiver's timestamps (event times, SLA clocks) can run ahead of real time.
 * - Duplicate node: a remote timestamp with OUR node id that is later than anything we issued can only come
 *   from another device using the same id (a cloned install): HlcDuplicateNodeError. An older one with our
 *   id is simply our own event coming back from sync and is accepted.
 */
import { z } from 'zod';
import { AtelierError } from '../contract/errors';

export const DEFAULT_MAX_DRIFT_MS = 10 * 60_000;
const MAX_COUNTER = 0xffff;
/** 9999-12-31T23:59:59.999Z: the last instant whose ISO form keeps the fixed width. */
const MAX_WALL_MS = 253_402_300_799_999;
const HLC_PATTERN = /^((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z)-([0-9a-f]{4})-([0-9a-f]{16})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A device's node id in timestamps: 16 lowercase hex digits (e.g. 8 random bytes chosen at install). */
export const NodeId = z.string().regex(/^[0-9a-f]{16}$/, 'a node id is 16 lowercase hex digits');
export type NodeId = z.infer<typeof NodeId>;

export interface HlcParts {
  /** Logical wall time, ms since the epoch (>= the device's wall clock when issued). */
  readonly wallMs: number;
  readonly counter: number;
  readonly node: string;
}

/** Parses a timestamp; null when it is not one. */
export function tryParseHlc(value: string): HlcParts | null {
  const match = HLC_PATTERN.exec(value);
  if (!match) return null;
  const [, iso = '', y = '', mo = '', d = '', h = '', mi = '', sec = '', ms = '', counter = '', node = ''] = match;
  const [year, month, day] = [Number(y), Number(mo), Number(d)];
  // Checked field by field (every pulled event's timestamps go through here): impossible dates such as
  // February 30th are refused. Years below 100 take the slow path (Date.UTC reads them as 19xx).
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (days === undefined || day < 1 || day > days || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  const wallMs = year >= 100 ? Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(sec), Number(ms)) : Date.parse(iso);
  if (!Number.isFinite(wallMs)) return null;
  return { wallMs, counter: Number.parseInt(counter, 16), node };
}

export function parseHlc(value: string): HlcParts {
  const parts = tryParseHlc(value);
  if (!parts) throw new AtelierError('invalid_input', `"${value}" is not a clock timestamp (expected ISO time-counter-node)`);
  return parts;
}

export function formatHlc(parts: HlcParts): string {
  const { wallMs, counter, node } = parts;
  if (!Number.isInteger(wallMs) || wallMs < 0 || wallMs > MAX_WALL_MS) {
    throw new RangeError(`clock time ${wallMs} is outside years 1970-9999`);
  }
  if (!Number.isInteger(counter) || counter < 0 || counter > MAX_COUNTER) {
    throw new RangeError(`clock counter ${counter} is outside 0-${MAX_COUNTER}`);
  }
  if (!NodeId.safeParse(node).success) throw new RangeError(`clock node id "${node}" is not 16 lowercase hex digits`);
  return `${new Date(wallMs).toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

/** Schema of a timestamp string, for event envelopes and the contract. */
export const HlcString = z.string().refine((value) => tryParseHlc(value) !== null, {
  message: 'not a clock timestamp (expected ISO time-counter-node)',
});

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Wall time (ms) carried by a timestamp: the time of the event for display and SLA clocks. */
export function hlcWallMs(value: string): number {
  return parseHlc(value).wallMs;
}

export class HlcDriftError extends AtelierError {
  readonly aheadMs: number;
  constructor(remote: string, aheadMs: number, maxDriftMs: number) {
    super(
      'invalid_input',
      `Clock of the device that made ${remote} is ${formatDuration(aheadMs)} ahead of this one ` +
        `(limit ${formatDuration(maxDriftMs)}): its events are refused until its clock is set right.`,
    );
    this.name = 'HlcDriftError';
    this.aheadMs = aheadMs;
  }
}

export class HlcDuplicateNodeError extends AtelierError {
  constructor(remote: string) {
    super(
      'conflict',
      `Another device uses this device's node id (${remote} was never issued here): ` +
        'give one of them a new node id.',
    );
    this.name = 'HlcDuplicateNodeError';
  }
}

export interface HlcOptions {
  /** This device's node id (NodeId). */
  node: string;
  /** Wall clock in ms; injected so tests can move it. Defaults to Date.now. */
  wall?: () => number;
  /** The last timestamp issued or received before a restart (saved by the store). */
  last?: string | null;
  maxDriftMs?: number;
}

export class Hlc {
  readonly node: string;
  readonly maxDriftMs: number;
  private readonly wall: () => number;
  private logical: number;
  private counter: number;

  constructor(options: HlcOptions) {
    if (!NodeId.safeParse(options.node).success) {
      throw new AtelierError('invalid_input', `clock node id "${options.node}" is not 16 lowercase hex digits`, 'node');
    }
    this.node = options.node;
    this.wall = options.wall ?? Date.now;
    this.maxDriftMs = options.maxDriftMs ?? DEFAULT_MAX_DRIFT_MS;
    const last = options.last ? parseHlc(options.last) : null;
    this.logical = last?.wallMs ?? 0;
    this.counter = last?.counter ?? 0;
  }

  /** The latest timestamp issued or received: save it so the next start continues after it. */
  get last(): string {
    return formatHlc({ wallMs: this.logical, counter: this.counter, node: this.node });
  }

  /** The wall clock this clock reads (ms): what received timestamps are checked against. */
  wallMs(): number {
    return this.readWall();
  }

  /** How far our logical time runs ahead of the wall clock (0 normally; > 0 after the clock went back). */
  aheadMs(): number {
    return Math.max(0, this.logical - this.readWall());
  }

  /** Timestamp for a local event (or a message we send). */
  now(): string {
    const wall = this.readWall();
    if (wall > this.logical) this.set(wall, 0);
    else this.set(this.logical, this.counter + 1);
    return this.last;
  }

  /**
   * Takes a remote timestamp into account; afterwards `now()` is later than it. Returns the timestamp of
   * the receipt itself. Throws HlcDriftError / HlcDuplicateNodeError (see the module comment).
   */
  receive(remote: string): string {
    const theirs = parseHlc(remote);
    const wall = this.readWall();
    const ahead = theirs.wallMs - wall;
    if (ahead > this.maxDriftMs) throw new HlcDriftError(remote, ahead, this.maxDriftMs);
    if (theirs.node === this.node && remote > this.last) throw new HlcDuplicateNodeError(remote);

    const logical = Math.max(this.logical, theirs.wallMs, wall);
    if (logical === this.logical && logical === theirs.wallMs) {
      this.set(logical, Math.max(this.counter, theirs.counter) + 1);
    } else if (logical === this.logical) this.set(logical, this.counter + 1);
    else if (logical === theirs.wallMs) this.set(logical, theirs.counter + 1);
    else this.set(logical, 0);
    return this.last;
  }

  private set(logical: number, counter: number): void {
    if (counter > MAX_COUNTER) {
      this.logical = logical + 1;
      this.counter = 0;
    } else {
      this.logical = logical;
      this.counter = counter;
    }
  }

  private readWall(): number {
    const wall = Math.floor(this.wall());
    if (!Number.isFinite(wall) || wall < 0 || wall > MAX_WALL_MS) {
      throw new RangeError(`the wall clock returned ${wall}, outside years 1970-9999`);
    }
    return wall;
  }
}

function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ${minutes % 60} min` : `${Math.floor(hours / 24)} days`;
}
