/**
 * A small hand-built workspace for the indicator tests. Period: 2025-03-10 00:00 to 2025-03-13 00:00 UTC,
 * now = 2025-03-13 12:00, so asOf = 2025-03-13 00:00. Every time below is UTC.
 *
 *  id  kind      prio cat             asset team     life
 *  A   incident  P3   hardware/disk   PC-1  Support  03-10 01:00 new, 01:30 assigned, 02:00 in_progress, 05:00 resolved
 *  B   incident  P1   network/wifi    PC-2  Support  03-10 10:00 new, 10:20 assigned, 11:00 escalated N2, 16:00 resolved
 *  C   incident  P3   hardware/disk   PC-1  Support  03-11 02:00 new, 03:00 assigned, 04:00 pending, 10:00 in_progress,
 *                                                     12:00 resolved, 14:00 reopened, 16:00 resolved
 *  D   request   P5   account/access  -     Support  03-12 08:00 new, 09:00 assigned (open at asOf)
 *  E   incident  P2   software/crash  PC-3  -        03-05 10:00 new (never owned, open)
 *  F   incident  P3   hardware/disk   PC-1  Network  03-12 20:00 new, 21:00 assigned, 22:00 escalated N2, 23:00 escalated N3
 *  G   problem   P3   hardware/disk   -     -        03-11 09:00 new (problems are left out)
 *  H   incident  P4   network/wifi    PC-2  -        03-12 10:00 new, 10:30 in_progress, 03-13 06:00 resolved (after asOf)
 *  I   incident  P4   hardware/printer PC-4 Support  03-08 12:00 new, 13:00 assigned, 03-10 12:00 resolved, 03-11 00:00 closed
 */
import { Hlc, type EventType, type PayloadOf, type TicketEvent } from '../../../shared/tickets';
import { fakeV7, prng } from '../tickets/fixtures';

export const H = 3_600_000;
export const M = 60_000;
export const at = (day: number, hour: number, minute = 0) => Date.UTC(2025, 2, day, hour, minute);
export const PERIOD = { fromMs: at(10, 0), toMs: at(13, 0) };
export const NOW = at(13, 12);

const rand = prng(8);

/** One ticket's events, each at the wall time given (one clock per ticket, times increasing). */
function ticket(id: string, steps: [number, EventType, unknown][]): TicketEvent[] {
  let wall = 0;
  const hlc = new Hlc({ node: `${id.toLowerCase()}000000000000000`.slice(0, 16).replace(/[^0-9a-f]/g, 'a'), wall: () => wall });
  return steps.map(([ms, type, payload]) => {
    wall = ms;
    return { id: fakeV7(rand), ticketId: id, hlc: hlc.now(), actor: 'tech', device: 'dev', type, payload } as TicketEvent;
  });
}

const created = (kind: 'incident' | 'request' | 'problem', impact: 1 | 2 | 3, urgency: 1 | 2 | 3, category: string, asset?: string): PayloadOf<'created'> => ({
  kind,
  title: `${kind} ${category}`,
  impact,
  urgency,
  category,
  ...(asset ? { asset } : {}),
});
const assigned = (team: string) => ({ assignee: 'Camille', team });
const resolved = { resolution: { text: 'fixed', rootCause: 'cause' } };

export const DATASET: TicketEvent[][] = [
  ticket('A', [
    [at(10, 1), 'created', created('incident', 2, 2, 'hardware/disk', 'PC-1')],
    [at(10, 1, 30), 'assigned', assigned('Support')],
    [at(10, 2), 'status_changed', { from: 'assigned', to: 'in_progress' }],
    [at(10, 5), 'resolved', resolved],
  ]),
  ticket('B', [
    [at(10, 10), 'created', created('incident', 1, 1, 'network/wifi', 'PC-2')],
    [at(10, 10, 20), 'assigned', assigned('Support')],
    [at(10, 11), 'escalated', { toLevel: 'N2', reason: 'needs N2' }],
    [at(10, 16), 'resolved', resolved],
  ]),
  ticket('C', [
    [at(11, 2), 'created', created('incident', 2, 2, 'hardware/disk', 'PC-1')],
    [at(11, 3), 'assigned', assigned('Support')],
    [at(11, 4), 'status_changed', { from: 'assigned', to: 'pending' }],
    [at(11, 10), 'status_changed', { from: 'pending', to: 'in_progress' }],
    [at(11, 12), 'resolved', resolved],
    [at(11, 14), 'reopened', { reason: 'came back' }],
    [at(11, 16), 'resolved', resolved],
  ]),
  ticket('D', [
    [at(12, 8), 'created', created('request', 3, 3, 'account/access')],
    [at(12, 9), 'assigned', assigned('Support')],
  ]),
  ticket('E', [[at(5, 10), 'created', created('incident', 1, 2, 'software/crash', 'PC-3')]]),
  ticket('F', [
    [at(12, 20), 'created', created('incident', 2, 2, 'hardware/disk', 'PC-1')],
    [at(12, 21), 'assigned', assigned('Network')],
    [at(12, 22), 'escalated', { toLevel: 'N2', reason: 'N2' }],
    [at(12, 23), 'escalated', { toLevel: 'N3', reason: 'N3' }],
  ]),
  ticket('G', [[at(11, 9), 'created', created('problem', 2, 2, 'hardware/disk')]]),
  ticket('H', [
    [at(12, 10), 'created', created('incident', 2, 3, 'network/wifi', 'PC-2')],
    [at(12, 10, 30), 'status_changed', { from: 'new', to: 'in_progress' }],
    [at(13, 6), 'resolved', resolved],
  ]),
  ticket('I', [
    [at(8, 12), 'created', created('incident', 2, 3, 'hardware/printer', 'PC-4')],
    [at(8, 13), 'assigned', assigned('Support')],
    [at(10, 12), 'resolved', resolved],
    [at(11, 0), 'status_changed', { from: 'resolved', to: 'closed' }],
  ]),
];

/**
 * A technician's day, 2025-03-20 (UTC), worked on two devices (laptop `a`, desk PC `b`) that sync later:
 * conflicts, reopens and escalations. now = 03-20 18:00. Statuses below are the fold's (merged order).
 *
 *  id  life
 *  J   08:00 new, 08:10 assigned, 08:30 in_progress, 09:00 resolved (a); 09:30 b, still seeing in_progress,
 *      sets pending -> conflict; 10:00 the conflict is settled "apply": pending (the resolution is undone);
 *      11:00 in_progress, 12:00 resolved again. Final: resolved, reopened once.
 *  K   08:00 new, 08:10 assigned, 09:00 resolved (a); 09:30 b sets pending -> conflict; 10:00 settled "keep
 *      current": stays resolved. Final: resolved, first-time fix.
 *  L   07:00 new, 07:10 assigned, 10:00 resolved, 13:00 reopened (still in_progress at 18:00).
 *  M   09:00 new, 09:10 assigned, 10:00 escalated N2 (a) and 10:05 escalated N2 (b, the same escalation
 *      made twice offline), 15:00 resolved. Final: resolved, escalated.
 *  N   11:00 new, 11:10 assigned, 12:00 escalated N2, 14:00 escalated N3 (open).
 *  P   03-19 16:00 new, 17:00 resolved; 03-20 09:00 closed (resolved the day before).
 *  Q   15:00 new, 15:30 resolved at once (fixed on the first call).
 */
export const DAY_NOW = at(20, 18);
const conflictOf = (index: number) => (prior: TicketEvent[]) => ({ conflictId: prior[index]?.id, choice: 'apply_attempted' });
const keepOf = (index: number) => (prior: TicketEvent[]) => ({ conflictId: prior[index]?.id, choice: 'keep_current' });

/** One ticket's events on two devices, each with its own clock; a payload may read the events before it. */
function shared(id: string, steps: [number, 'a' | 'b', EventType, unknown][]): TicketEvent[] {
  const walls = { a: 0, b: 0 };
  const node = (d: 'a' | 'b') => `${id.toLowerCase().replace(/[^0-9a-f]/g, 'c')}${d === 'a' ? 'a' : 'b'}`.padEnd(16, '0');
  const clocks = { a: new Hlc({ node: node('a'), wall: () => walls.a }), b: new Hlc({ node: node('b'), wall: () => walls.b }) };
  const events: TicketEvent[] = [];
  for (const [ms, device, type, payload] of steps) {
    walls[device] = ms;
    const body = typeof payload === 'function' ? (payload as (prior: TicketEvent[]) => unknown)(events) : payload;
    events.push({ id: fakeV7(rand), ticketId: id, hlc: clocks[device].now(), actor: 'tech', device, type, payload: body } as TicketEvent);
  }
  return events;
}

export const DAY_DATASET: TicketEvent[][] = [
  shared('J', [
    [at(20, 8), 'a', 'created', created('incident', 2, 2, 'hardware/disk', 'PC-7')],
    [at(20, 8, 10), 'a', 'assigned', assigned('Support')],
    [at(20, 8, 30), 'a', 'status_changed', { from: 'assigned', to: 'in_progress' }],
    [at(20, 9), 'a', 'resolved', resolved],
    [at(20, 9, 30), 'b', 'status_changed', { from: 'in_progress', to: 'pending' }],
    [at(20, 10), 'a', 'conflict_resolved', conflictOf(4)],
    [at(20, 11), 'a', 'status_changed', { from: 'pending', to: 'in_progress' }],
    [at(20, 12), 'a', 'resolved', resolved],
  ]),
  shared('K', [
    [at(20, 8), 'a', 'created', created('incident', 2, 2, 'network/wifi', 'PC-8')],
    [at(20, 8, 10), 'a', 'assigned', assigned('Support')],
    [at(20, 9), 'a', 'resolved', resolved],
    [at(20, 9, 30), 'b', 'status_changed', { from: 'assigned', to: 'pending' }],
    [at(20, 10), 'a', 'conflict_resolved', keepOf(3)],
  ]),
  shared('L', [
    [at(20, 7), 'a', 'created', created('incident', 2, 2, 'hardware/disk', 'PC-7')],
    [at(20, 7, 10), 'a', 'assigned', assigned('Support')],
    [at(20, 10), 'a', 'resolved', resolved],
    [at(20, 13), 'a', 'reopened', { reason: 'came back after lunch' }],
  ]),
  shared('M', [
    [at(20, 9), 'a', 'created', created('incident', 2, 2, 'software/crash', 'PC-9')],
    [at(20, 9, 10), 'a', 'assigned', assigned('Support')],
    [at(20, 10), 'a', 'escalated', { toLevel: 'N2', reason: 'needs N2' }],
    [at(20, 10, 5), 'b', 'escalated', { toLevel: 'N2', reason: 'needs N2 (desk)' }],
    [at(20, 15), 'a', 'resolved', resolved],
  ]),
  shared('N', [
    [at(20, 11), 'a', 'created', created('incident', 2, 2, 'network/wifi', 'PC-8')],
    [at(20, 11, 10), 'a', 'assigned', assigned('Support')],
    [at(20, 12), 'a', 'escalated', { toLevel: 'N2', reason: 'N2' }],
    [at(20, 14), 'a', 'escalated', { toLevel: 'N3', reason: 'N3' }],
  ]),
  shared('P', [
    [at(19, 16), 'a', 'created', created('request', 3, 3, 'account/access')],
    [at(19, 17), 'a', 'resolved', resolved],
    [at(20, 9), 'a', 'status_changed', { from: 'resolved', to: 'closed' }],
  ]),
  shared('Q', [
    [at(20, 15), 'a', 'created', created('request', 3, 3, 'account/access')],
    [at(20, 15, 30), 'a', 'resolved', resolved],
  ]),
];
