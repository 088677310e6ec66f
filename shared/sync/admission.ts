/**
 * The one rule for "can this event be applied after what the log holds" (docs/sync.md, *What the hub
 * accepts*). The hub checks it at push, in merged order against what it already holds, so whatever it
 * accepts every device can apply; a device checks it, in the hub's order, before taking in a pulled event (what fails goes to
 * quarantine instead of stopping its sync); the ticket fold names the same rules when it meets them.
 *
 * An event is admissible when:
 * - `clock_node`: its timestamp's node is its `device` (the hub also binds `device` to the pushing device),
 *   so nobody can stamp events with another device's node and stop that device's clock;
 * - `clock_too_early`: its time is not before 2000-01-01 (no device clock is that wrong honestly);
 * - `clock_ahead`: its time is at most `maxAheadMs` after the receiver's clock (the hub answers
 *   `clock_ahead` and the device re-stamps; a device keeps a stored one aside);
 * - `created_twice`: a `created` event is the only one of its ticket (article);
 * - `unknown_subject`: any other event names a ticket whose `created` is held (or comes earlier in the
 *   same batch) ...
 * - `created_not_first`: ... and sorts after it, so the fold always starts with `created`.
 * Invalid status moves are not refused: the fold keeps them as conflicts for a person to settle.
 */
import { compareEvents } from '../tickets/events';
import { tryParseHlc } from '../tickets/hlc';

export const MIN_EVENT_TIME_MS = Date.UTC(2000, 0, 1);

export type AdmissionRule = 'clock_node' | 'clock_too_early' | 'clock_ahead' | 'created_twice' | 'created_not_first' | 'unknown_subject';

export interface Refusal {
  rule: AdmissionRule;
  /** `invalid_input` for an event that is wrong by itself, `conflict` for one that contradicts the log. */
  code: 'invalid_input' | 'conflict';
  message: string;
  /** The event's field the rule is about (`hlc`, `type`, `ticketId`...). */
  field: string;
}

/** What the rule needs of an event (ticket or article): `subject` is its ticket or article id. */
export interface AdmissionEvent {
  id: string;
  hlc: string;
  device: string;
  type: string;
  subject: string;
}

export interface Stamp {
  id: string;
  hlc: string;
}

/** What the log holds of one subject: its created event, and its earliest event of any type. */
export interface SubjectFacts {
  created: Stamp | null;
  earliest: Stamp | null;
}

export interface AdmissionOptions {
  /** The receiver's clock (ms); with `maxAheadMs`, events further ahead are refused `clock_ahead`. */
  nowMs?: number;
  maxAheadMs?: number;
  /** "ticket" or "article", for messages; `subjectField` names the event's id field. */
  noun?: string;
  subjectField?: string;
}

/** The clock part of the rule: node and time window. */
export function checkClock(event: Pick<AdmissionEvent, 'id' | 'hlc' | 'device'>, options: AdmissionOptions = {}): Refusal | null {
  const parts = tryParseHlc(event.hlc);
  if (parts === null) return { rule: 'clock_node', code: 'invalid_input', field: 'hlc', message: `event ${event.id}: "${event.hlc}" is not a clock timestamp` };
  if (parts.node !== event.device) {
    return { rule: 'clock_node', code: 'invalid_input', field: 'hlc', message: `event ${event.id} is stamped with node ${parts.node}, not its device ${event.device} (rule clock_node)` };
  }
  if (parts.wallMs < MIN_EVENT_TIME_MS) {
    return { rule: 'clock_too_early', code: 'invalid_input', field: 'hlc', message: `event ${event.id} is stamped ${event.hlc.slice(0, 24)}, before 2000-01-01: its device's clock is wrong (rule clock_too_early)` };
  }
  if (options.nowMs !== undefined && options.maxAheadMs !== undefined && parts.wallMs > options.nowMs + options.maxAheadMs) {
    const minutes = Math.round((parts.wallMs - options.nowMs) / 60_000);
    return { rule: 'clock_ahead', code: 'invalid_input', field: 'hlc', message: `event ${event.id} is stamped ${minutes} min ahead of this clock (rule clock_ahead)` };
  }
  return null;
}

/** The order part of the rule: one event against what the log holds of its subject (null: nothing). */
export function checkOrder(event: AdmissionEvent, facts: SubjectFacts | null, options: AdmissionOptions = {}): Refusal | null {
  const noun = options.noun ?? 'ticket';
  const subjectField = options.subjectField ?? 'ticketId';
  if (event.type === 'created') {
    if (facts?.created && facts.created.id !== event.id) {
      return { rule: 'created_twice', code: 'conflict', field: 'type', message: `${noun} ${event.subject} already has its created event ${facts.created.id}: event ${event.id} would be a second one (rule created_twice)` };
    }
    if (facts?.earliest && facts.earliest.id !== event.id && compareEvents(facts.earliest, event) < 0) {
      return { rule: 'created_not_first', code: 'conflict', field: 'hlc', message: `${noun} ${event.subject}: created event ${event.id} sorts after its event ${facts.earliest.id} (rule created_not_first)` };
    }
    return null;
  }
  if (!facts?.created) {
    return { rule: 'unknown_subject', code: 'conflict', field: subjectField, message: `event ${event.id} (${event.type}) names ${noun} ${event.subject}, whose created event is not in the log (rule unknown_subject)` };
  }
  if (compareEvents(event, facts.created) < 0) {
    return { rule: 'created_not_first', code: 'conflict', field: 'hlc', message: `event ${event.id} (${event.type}) sorts before the created event of ${noun} ${event.subject} (rule created_not_first)` };
  }
  return null;
}

/** Both parts of the rule for one event. */
export function checkEvent(event: AdmissionEvent, facts: SubjectFacts | null, options: AdmissionOptions = {}): Refusal | null {
  return checkClock(event, options) ?? checkOrder(event, facts, options);
}

/** The facts after taking in one admissible event. */
export function withEvent(facts: SubjectFacts | null, event: Stamp & { type: string }): SubjectFacts {
  const stamp = { id: event.id, hlc: event.hlc };
  const created = facts?.created ?? (event.type === 'created' ? stamp : null);
  const earliest = facts?.earliest && compareEvents(facts.earliest, stamp) <= 0 ? facts.earliest : stamp;
  return { created, earliest };
}

/**
 * A batch against what the log holds (`held`, by subject), in log order: each event is checked after what
 * the log holds and the batch's events before it, which is the order every device meets them in (the
 * hub's sequence), so hub and devices always judge an event alike. The facts keep each subject's earliest
 * event by timestamp, so the merged (fold) order still starts with `created`. Returns the first refusal
 * with its index, or null when the whole batch may be appended.
 */
export function checkBatch(events: readonly AdmissionEvent[], held: ReadonlyMap<string, SubjectFacts>, options: AdmissionOptions = {}): { index: number; refusal: Refusal } | null {
  const facts = new Map(held);
  for (const [index, event] of events.entries()) {
    const refusal = checkEvent(event, facts.get(event.subject) ?? null, options);
    if (refusal) return { index, refusal };
    facts.set(event.subject, withEvent(facts.get(event.subject) ?? null, event));
  }
  return null;
}
