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
