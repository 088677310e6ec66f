/**
 * Randomized histories from two simulated devices working offline and syncing now and then. Each device
 * validates its commands against its own view (like the store) and keeps its state incrementally.
 * Bounded: SEEDS seeds x ROUNDS rounds x at most STEPS commands per device and round.
 */
import { describe, expect, it } from 'vitest';
import {
  Ticket as TicketSchema,
  WorkflowError,
  applyEvent,
  foldTicket,
  orderEvents,
  validateCommand,
  type EventType,
  type PayloadOf,
  type Ticket,
  type TicketEvent,
} from '../../../shared/tickets';
import { Device, MIN, NODE_A, NODE_B, T0, pick, prng, shuffle } from './fixtures';

const SEEDS = 40;
const ROUNDS = 8;
const STEPS = 6;
const SHUFFLES = 15;

const PEOPLE = ['Alice', 'Bob', 'Chloé', 'Driss'];
const TEAMS = ['Helpdesk', 'Network', 'Workplace'];
const CATEGORIES = ['hardware', 'hardware/disk', 'network/wifi', 'software/office'];
const LEVELS = ['N1', 'N2', 'N3'] as const;
const STATUSES = ['assigned', 'in_progress', 'pending', 'closed'] as const;

type Candidate = { [T in EventType]: [T, PayloadOf<T>] }[EventType];

function candidate(rand: () => number, state: Ticket): Candidate {
  const level = pick(rand, [1, 2, 3] as const);
  const choices: (() => Candidate)[] = [
    () => ['field_changed', { changes: rand() < 0.5 ? { title: `Title ${Math.floor(rand() * 100)}` } : { impact: level, urgency: pick(rand, [1, 2, 3] as const) } }],
    () => ['field_changed', { changes: { category: pick(rand, CATEGORIES), requester: pick(rand, [...PEOPLE, null]) } }],
    () => ['status_changed', { from: state.status, to: pick(rand, STATUSES) }],
    () => ['status_changed', { from: state.status, to: pick(rand, STATUSES) }],
    () => ['assigned', { assignee: pick(rand, PEOPLE) }],
    () => ['escalated', { toLevel: pick(rand, LEVELS), reason: 'beyond N1 rights', ...(rand() < 0.5 ? { assignee: pick(rand, PEOPLE) } : {}) }],
    () => ['redirected', rand() < 0.5 ? { to: 'team', name: pick(rand, TEAMS), reason: 'wrong queue' } : { to: 'vendor', name: 'Dell', reason: 'warranty' }],
    () => ['resolved', { resolution: { text: 'Fixed', rootCause: pick(rand, ['unknown', 'driver', 'cable']) } }],
    () => ['resolved', { resolution: { text: 'Fixed again', rootCause: 'unknown' } }],
    () => ['reopened', { reason: 'came back' }],
    () => ['comment_added', { text: `note ${Math.floor(rand() * 1000)}`, internal: rand() < 0.5 }],
    () => ['worklog_added', { minutes: 1 + Math.floor(rand() * 120), kind: pick(rand, ['work', 'travel'] as const) }],
    () => ['checklist_step_recorded', { checklistId: 'disk-health', checklistVersion: 1, stepId: pick(rand, ['smart', 'free']), outcome: pick(rand, ['pass', 'warn', 'fail'] as const) }],
    () => ['attachment_added', { hash: 'a'.repeat(64), name: 'photo.jpg', size: 1234, mime: 'image/jpeg' }],
    () => ['linked', { role: 'problem', ticketId: pick(rand, ['PRB1', 'PRB2']) }],
    () => ['unlinked', { role: 'problem', ticketId: pick(rand, ['PRB1', 'PRB2']) }],
  ];
  const open = state.conflicts[0];
  if (open) choices.push(() => ['conflict_resolved', { conflictId: open.eventId, choice: pick(rand, ['keep_current', 'apply_attempted'] as const) }]);
  return pick(rand, choices)();
}

/** A device with its own log and incrementally kept state (what the store does). */
class Replica {
  readonly log = new Map<string, TicketEvent>();
  state: Ticket | null = null;
  constructor(readonly device: Device) {}

  /** Tries a command like the UI; a refused one writes nothing. */
  act(rand: () => number): void {
    if (!this.state) return;
    const [type, payload] = candidate(rand, this.state);
    let event: TicketEvent;
    try {
      event = validateCommand(this.state, this.device.make(this.state.id, type, payload as never));
    } catch (error) {
      if (error instanceof WorkflowError) return;
      throw error;
    }
    this.append(event);
  }

  append(event: TicketEvent): void {
    this.state = applyEvent(this.state, event); // a local event always sorts last
    this.log.set(event.id, event);
  }

  /** Takes the other's events: new ones may sort anywhere, so the ticket is re-folded. */
  sync(from: Replica): void {
    const incoming = [...from.log.values()].filter((e) => !this.log.has(e.id));
    this.device.receive(incoming);
    for (const event of incoming) this.log.set(event.id, event);
    if (incoming.length > 0) this.state = foldTicket([...this.log.values()]);
  }
}

function simulate(seed: number) {
  const rand = prng(seed);
  const a = new Replica(new Device('laptop-a', NODE_A, rand));
  const b = new Replica(new Device('laptop-b', NODE_B, rand));
  // Each wall clock is real time plus its own error (within the drift bound), sometimes jumping back.
  const offsets = new Map([[a, 0], [b, Math.floor((rand() - 0.5) * 6 * MIN)]]);
  let realMs = T0;
  a.append(a.device.make(`T${seed}`, 'created', { kind: 'incident', title: 'Randomized', impact: 2, urgency: 2 }));
  b.sync(a);
  for (let round = 0; round < ROUNDS; round++) {
    for (const replica of [a, b]) {
      for (let i = 0; i < STEPS; i++) {
        realMs += Math.floor(rand() * 3 * MIN);
        const jumpBack = rand() < 0.1 ? Math.floor(rand() * 5 * MIN) : 0;
        replica.device.wallMs = realMs + (offsets.get(replica) ?? 0) - jumpBack;
        replica.act(rand);
      }
      expect(replica.state).toEqual(foldTicket([...replica.log.values()]));
    }
    if (rand() < 0.5) {
      for (const replica of [a, b]) replica.device.wallMs = realMs + (offsets.get(replica) ?? 0);
      a.sync(b);
      b.sync(a);
    }
  }
  for (const replica of [a, b]) replica.device.wallMs = realMs + (offsets.get(replica) ?? 0);
  a.sync(b);
  b.sync(a);
  return { a, b, rand };
}

describe('merge of two devices (randomized, seeded)', () => {
  it('fold of the union is independent of arrival order, and both devices converge', () => {
    let flagged = 0;
    let settled = 0;
    let events = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { a, b, rand } = simulate(seed);
      const union = [...a.log.values(), ...b.log.values()]; // shared events appear twice
      const reference = foldTicket(union);
      for (let i = 0; i < SHUFFLES; i++) expect(foldTicket(shuffle(rand, union))).toEqual(reference);
      expect(a.state).toEqual(reference);
      expect(b.state).toEqual(reference);
      flagged += reference.conflicts.length;
      settled += [...a.log.values()].filter((e) => e.type === 'conflict_resolved').length;
      events += reference.eventCount;
    }
    // The histories are rich enough to exercise conflicts and their settlement.
    expect(flagged).toBeGreaterThan(3);
    expect(settled).toBeGreaterThan(3);
    expect(events).toBeGreaterThan(SEEDS * 20);
  });

  it('fold = incremental apply over the same events (what a projection rebuild relies on)', () => {
    for (let seed = 101; seed <= 100 + SEEDS; seed++) {
      const { a, rand } = simulate(seed);
      const ordered = orderEvents([...a.log.values()]);
      let state: Ticket | null = null;
      for (const event of ordered) state = applyEvent(state, event);
      expect(state).toEqual(foldTicket(shuffle(rand, ordered)));
      // The state is plain data: a projection can store it as JSON and read it back identical.
      expect(JSON.parse(JSON.stringify(state))).toEqual(state);
      // ...and it satisfies the schema the contract will use to send it to the renderer.
      expect(TicketSchema.parse(state)).toEqual(state);
    }
  });
});
