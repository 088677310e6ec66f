import { describe, expect, it } from 'vitest';
import { computeIndicators, factsFromEvents } from '../../../shared/indicators';
import type { EventType, PayloadOf, TicketEvent } from '../../../shared/tickets';
import { Device, NODE_A, prng } from '../tickets/fixtures';
import { H, NOW, PERIOD, at } from './dataset';

const rand = prng(11);

/** One ticket's events at the given wall times (a clock of its own: an HLC never goes back). */
function life(id: string, steps: [number, EventType, unknown][]): TicketEvent[] {
  const device = new Device('laptop-a', NODE_A, rand);
  return steps.map(([ms, type, payload]) => {
    device.wallMs = ms;
    return device.make(id, type, payload as PayloadOf<typeof type>);
  });
}

const created = { kind: 'incident', title: 'Sage will not start', impact: 2, urgency: 2 } as const;
const toVendor = { to: 'vendor', name: 'Sage Support', reason: 'licence server', reference: 'SAGE-1', followUp: '2025-03-12' } as const;
const resolved = { resolution: { text: 'licence file replaced by the vendor', rootCause: 'expired licence' } };

/**
 *  V1: 03-10 08:00 new, 09:00 to the vendor, 15:00 back, 17:00 resolved: 9 h open, 6 h with the vendor.
 *  V2: 03-11 08:00 new, 10:00 to the vendor, still there at asOf (03-13 00:00).
 *  V3: 03-11 08:00 new, 12:00 resolved, never with a vendor.
 */
const facts = [
  life('V1', [
    [at(10, 8), 'created', created],
    [at(10, 9), 'redirected', toVendor],
    [at(10, 15), 'field_changed', { changes: { vendor: null } }],
    [at(10, 17), 'resolved', resolved],
  ]),
  life('V2', [
    [at(11, 8), 'created', created],
    [at(11, 10), 'redirected', toVendor],
  ]),
  life('V3', [
    [at(11, 8), 'created', created],
    [at(11, 12), 'resolved', resolved],
  ]),
].map(factsFromEvents);

describe('indicators count time with vendors apart', () => {
  const figures = computeIndicators(facts, PERIOD, { nowMs: NOW });

  it('leaves vendor time out of the time to resolve and shows it on its own line', () => {
    // V1: 9 h - 6 h with the vendor = 3 h; V3: 4 h.
    expect(figures.timeToResolve).toMatchObject({ count: 2, meanMs: 3.5 * H });
    // Only V1 went to a vendor among the resolved.
    expect(figures.vendor.time).toEqual({ count: 1, meanMs: 6 * H, p90Ms: 6 * H });
  });

  it('counts the open tickets a vendor holds at the end of the period, without breaching them', () => {
    expect(figures.vendor.holding).toBe(1);
    // V2 P3 (24 h budget): 2 h counted before the vendor, not the 38 h since.
    expect(figures.backlog.breached).toBe(0);
    // Read back on 03-11 09:00, before V2 went to the vendor, nothing was held.
    expect(computeIndicators(facts, { fromMs: at(10, 0), toMs: at(11, 9) }, { nowMs: NOW }).vendor.holding).toBe(0);
  });
});
