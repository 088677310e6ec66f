import { Hlc, type EventType, type PayloadOf, type TicketEvent } from '../../../shared/tickets';
import { seededRandom } from '../../../shared/random';
import type { JobContext } from '../jobs';
import { REQUESTERS, SCENARIOS, SITES, TECHNICIANS, type Scenario } from './demo-scenarios';
import type { EventStore } from './event-store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const hex = (rand: () => number, digits: number) =>
  Array.from({ length: digits }, () => Math.floor(rand() * 16).toString(16)).join('');

/** UUIDv7 with the event's own time in its first 48 bits, the rest from the PRNG. */
function demoId(rand: () => number, ms: number): string {
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${hex(rand, 3)}-${pick(rand, ['8', '9', 'a', 'b'])}${hex(rand, 3)}-${hex(rand, 12)}`;
}

/** Builds the events of one demo ticket: a realistic life from creation to where it stands now. */
class TicketStory {
  readonly events: TicketEvent[] = [];
  private wall: number;
  private readonly hlc: Hlc;

  constructor(
    private readonly rand: () => number,
    readonly ticketId: string,
    start: number,
    private readonly now: number,
    node: string,
  ) {
    this.wall = start;
    this.hlc = new Hlc({ node, wall: () => this.wall, maxDriftMs: Number.MAX_SAFE_INTEGER });
  }

  /** Adds an event `after` ms later, unless that would be in the future. */
  add<T extends EventType>(after: number, actor: string, type: T, payload: PayloadOf<T>): boolean {
    if (this.wall + after > this.now - MINUTE) return false;
    this.wall += after;
    this.events.push({ id: demoId(this.rand, this.wall), ticketId: this.ticketId, hlc: this.hlc.now(), actor, device: 'demo', type, payload } as TicketEvent);
    return true;
  }
}

function story(rand: () => number, index: number, now: number, scenario: Scenario): TicketStory {
  // More recent tickets are more numerous: the age is skewed towards today, up to 30 days.
  const age = Math.floor(rand() ** 2 * 30 * DAY) + 5 * MINUTE;
  const start = now - age;
  const ticketId = demoId(rand, start);
  const s = new TicketStory(rand, ticketId, start, now, (0xde00000000000000n + BigInt(index % 4096)).toString(16));
  const requester = pick(rand, REQUESTERS[scenario.lang]);
  const tech = pick(rand, TECHNICIANS);
  const kind = scenario.category.startsWith('account/access') ? 'request' : 'incident';
  s.add(0, requester, 'created', {
    kind,
    title: scenario.title,
    description: scenario.description,
    requester,
    site: pick(rand, SITES),
    asset: `PC-${(1000 + Math.floor(rand() * 900)).toString()}`,
    category: scenario.category,
    impact: scenario.impact,
    urgency: rand() < 0.7 ? scenario.urgency : pick(rand, [1, 2, 3] as const),
  });
  if (rand() < 0.12) return s; // still new, nobody took it yet
  if (!s.add(Math.floor(rand() * 3 * HOUR) + 2 * MINUTE, tech, 'assigned', { assignee: tech, team: 'Support' })) return s;
  if (!s.add(Math.floor(rand() * 2 * HOUR) + MINUTE, tech, 'status_changed', { from: 'assigned', to: 'in_progress' })) return s;
  for (const [i, text] of scenario.comments.entries()) {
    if (!s.add(Math.floor(rand() * 5 * HOUR) + 5 * MINUTE, tech, 'comment_added', { text, internal: i % 2 === 1 })) return s;
  }
  s.add(Math.floor(rand() * HOUR), tech, 'worklog_added', { minutes: 15 + Math.floor(rand() * 90), kind: rand() < 0.2 ? 'travel' : 'work' });
  if (scenario.escalation && rand() < 0.5) {
    if (!s.add(Math.floor(rand() * 4 * HOUR) + 10 * MINUTE, tech, 'escalated', { toLevel: 'N2', reason: scenario.escalation })) return s;
  }
  if (rand() < 0.2) {
    if (!s.add(Math.floor(rand() * 6 * HOUR), tech, 'status_changed', { from: 'in_progress', to: 'pending', reason: scenario.lang === 'fr' ? 'En attente de l’utilisateur' : 'Waiting for the user' })) return s;
    if (rand() < 0.5) return s;
    if (!s.add(Math.floor(rand() * DAY), tech, 'status_changed', { from: 'pending', to: 'in_progress' })) return s;
  }
  if (rand() < 0.3) return s; // still being worked on
  if (!s.add(Math.floor(rand() * 2 * DAY) + 20 * MINUTE, tech, 'resolved', { resolution: { text: scenario.resolution, rootCause: scenario.rootCause } })) return s;
  if (rand() < 0.5) s.add(Math.floor(rand() * 3 * DAY) + HOUR, tech, 'status_changed', { from: 'resolved', to: 'closed' });
  return s;
}

/** The demo workspace's events, deterministic for a seed (times relative to `now`). */
export function demoEvents(count: number, seed: number, now: number): TicketEvent[][] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => story(rand, index, now, pick(rand, SCENARIOS)).events);
}

/** Loads the demo workspace as a job: progress per batch of tickets, cancellable between batches. */
export async function loadDemo(store: EventStore, ctx: JobContext, count: number, seed: number): Promise<{ tickets: number }> {
  const tickets = demoEvents(count, seed, Date.now());
  const batch = 25;
  for (let i = 0; i < tickets.length; i += batch) {
    ctx.throwIfCancelled();
    store.applyExternal(tickets.slice(i, i + batch).flat(), 'demo');
    ctx.progress(Math.min(i + batch, tickets.length), tickets.length);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { tickets: tickets.length };
}
