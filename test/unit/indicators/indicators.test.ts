import { describe, expect, it } from 'vitest';
import { computeIndicators, durationStats, factsFromEvents, factsFromLog, daysOf } from '../../../shared/indicators';
import { DATASET, H, M, NOW, PERIOD, at } from './dataset';

const facts = DATASET.map(factsFromEvents);
const all = computeIndicators(facts, PERIOD, { nowMs: NOW });

describe('indicators on the hand-built dataset (see dataset.ts for each ticket life)', () => {
  it('reads the backlog at the end of the period, not at now', () => {
    // asOf = min(03-13 00:00, now 03-13 12:00) = 03-13 00:00.
    expect(all.asOfMs).toBe(at(13, 0));
    // Open at asOf: D (P5 assigned), E (P2 new), F (P3 assigned), H (P4 in_progress: its resolution at 06:00 is after asOf).
    // A, B, C resolved; I closed; G is a problem (left out).
    expect(all.backlog.total).toBe(4);
    expect(all.backlog.byPriority).toEqual({ P1: 0, P2: 1, P3: 1, P4: 1, P5: 1 });
    expect(all.backlog.byStatus).toEqual({ new: 1, assigned: 2, in_progress: 1, pending: 0, resolved: 0, closed: 0 });
  });

  it('ages the backlog', () => {
    // D 03-12 08:00 -> 16 h; E 03-05 10:00 -> 7 d 14 h = 182 h; F 20:00 -> 4 h; H 10:00 -> 14 h.
    expect(all.backlog.age.buckets).toEqual({ lt1d: 3, d1to3: 0, d3to7: 0, gt7d: 1 });
    // mean = (16 + 182 + 4 + 14) / 4 = 216 / 4 = 54 h; oldest = 182 h.
    expect(all.backlog.age.meanMs).toBe(54 * H);
    expect(all.backlog.age.oldestMs).toBe(182 * H);
    // Only E is over its resolve budget: P2 = 8 h, counted 182 h. D 16 h < 120 h, F 4 h < 24 h, H 14 h < 72 h.
    expect(all.backlog.breached).toBe(1);
  });

  it('counts opened and resolved per local day', () => {
    // Opened: A, B (03-10), C (03-11), D, F, H (03-12) = 6; E and I before the period, G a problem.
    // Resolved, each ticket once on the day of its last resolution: A 05:00, I 12:00, B 16:00 (03-10);
    // C 16:00 (03-11; its 12:00 resolution was undone) = 4; H's is after asOf.
    expect(all.opened).toBe(6);
    expect(all.resolved).toBe(4);
    expect(all.perDay).toEqual([
      { day: '2025-03-10', opened: 2, resolved: 3 },
      { day: '2025-03-11', opened: 1, resolved: 1 },
      { day: '2025-03-12', opened: 3, resolved: 0 },
    ]);
  });

  it('measures time to own and its SLA', () => {
    // Owned in the period: A 30 min, B 20 min, C 60, D 60, F 60, H 30 (in_progress at 10:30). I was owned on 03-08.
    // mean = (30 + 20 + 60 + 60 + 60 + 30) / 6 = 260 / 6 min; p90 = rank ceil(0.9 x 6) = 6th of [20,30,30,60,60,60] = 60 min.
    expect(all.timeToOwn.count).toBe(6);
    expect(all.timeToOwn.meanMs).toBeCloseTo((260 / 6) * M, 6);
    expect(all.timeToOwn.p90Ms).toBe(60 * M);
    // Budgets: P1 15 min -> B (20 min) is late; the others are within theirs: 5 / 6.
    expect(all.sla.own).toEqual({ num: 5, den: 6, rate: 5 / 6 });
  });

  it('measures time to resolve with pauses and reopen excluded, and its SLA', () => {
    // A 01:00 -> 05:00 = 4 h. B 10:00 -> 16:00 = 6 h.
    // C: 02:00-04:00 (2 h) + pending 04:00-10:00 not counted + 10:00-12:00 (2 h) + resolved 12:00-14:00 not counted + 14:00-16:00 (2 h) = 6 h.
    // I: 03-08 12:00 -> 03-10 12:00 = 48 h (time resolved before closing does not count).
    // mean = (4 + 6 + 6 + 48) / 4 = 16 h; p90 = rank ceil(3.6) = 4th of [4, 6, 6, 48] = 48 h.
    expect(all.timeToResolve).toEqual({ count: 4, meanMs: 16 * H, p90Ms: 48 * H });
    // Budgets: A P3 24 h ok, B P1 4 h late (6 h), C P3 ok, I P4 72 h ok: 3 / 4.
    expect(all.sla.resolve).toEqual({ num: 3, den: 4, rate: 0.75 });
  });

  it('computes first-time fix and reopen rates over tickets resolved in the period', () => {
    // R = {A, B, C, I}. B was escalated, C reopened: first-time fixes A and I = 2 / 4. Reopened: C = 1 / 4.
    expect(all.firstTimeFix).toEqual({ num: 2, den: 4, rate: 0.5 });
    expect(all.reopen).toEqual({ num: 1, den: 4, rate: 0.25 });
  });

  it('computes escalation rates by level and category over tickets opened in the period', () => {
    // Opened: A B C D F H = 6; escalated: B (N2), F (N2 then N3) = 2 / 6; N2: 2 / 6; N3: 1 / 6.
    expect(all.escalation.overall).toEqual({ num: 2, den: 6, rate: 2 / 6 });
    expect(all.escalation.byLevel.N2).toEqual({ num: 2, den: 6, rate: 2 / 6 });
    expect(all.escalation.byLevel.N3).toEqual({ num: 1, den: 6, rate: 1 / 6 });
    expect(all.escalation.byLevel.N1.num).toBe(0);
    // hardware/disk: A C F, F escalated = 1 / 3; network/wifi: B H, B escalated = 1 / 2; account/access: D = 0 / 1.
    expect(all.escalation.byCategory).toEqual([
      { category: 'hardware/disk', rate: { num: 1, den: 3, rate: 1 / 3 } },
      { category: 'network/wifi', rate: { num: 1, den: 2, rate: 0.5 } },
      { category: 'account/access', rate: { num: 0, den: 1, rate: 0 } },
    ]);
  });

  it('ranks categories and assets and finds recurring incidents', () => {
    expect(all.topCategories).toEqual([
      { key: 'hardware/disk', count: 3 },
      { key: 'network/wifi', count: 2 },
      { key: 'account/access', count: 1 },
    ]);
    // PC-1: A C F; PC-2: B H; D has no asset.
    expect(all.topAssets).toEqual([
      { key: 'PC-1', count: 3 },
      { key: 'PC-2', count: 2 },
    ]);
    expect(all.recurring).toEqual([
      { asset: 'PC-1', count: 3, ticketIds: ['A', 'C', 'F'], categories: ['hardware/disk'] },
      { asset: 'PC-2', count: 2, ticketIds: ['B', 'H'], categories: ['network/wifi'] },
    ]);
  });

  it('filters by team', () => {
    // Team Network: F only (opened 03-12, open at asOf, escalated).
    const network = computeIndicators(facts, { ...PERIOD, team: 'Network' }, { nowMs: NOW });
    expect(network.opened).toBe(1);
    expect(network.backlog.total).toBe(1);
    expect(network.escalation.overall).toEqual({ num: 1, den: 1, rate: 1 });
    expect(network.firstTimeFix.rate).toBeNull(); // nothing resolved: no data, not 0 %
    // Team Support: A B C D I. Opened A B C D = 4; resolved A B C I = 4 (C once).
    const support = computeIndicators(facts, { ...PERIOD, team: 'Support' }, { nowMs: NOW });
    expect(support.opened).toBe(4);
    expect(support.resolved).toBe(4);
  });

  it('reads a period that ends in the future at now', () => {
    // Period 03-12 00:00 -> 03-14 00:00, now 03-13 12:00: H was resolved at 03-13 06:00:
    // 03-12 10:00 -> 03-13 06:00 = 20 h, never pending (new then in_progress both count).
    const later = computeIndicators(facts, { fromMs: at(12, 0), toMs: at(14, 0) }, { nowMs: NOW });
    expect(later.asOfMs).toBe(NOW);
    expect(later.resolved).toBe(1);
    expect(later.timeToResolve.meanMs).toBe(20 * H);
    // Backlog now: D, E, F = 3.
    expect(later.backlog.total).toBe(3);
  });

  it('gives the same figures whatever order the log arrives in (offline work merged later)', () => {
    const shuffled = factsFromLog(DATASET.flat().reverse());
    expect(computeIndicators(shuffled, PERIOD, { nowMs: NOW })).toEqual(all);
  });

  it('refuses a period that ends before it starts, naming the field', () => {
    expect(() => computeIndicators(facts, { fromMs: at(13, 0), toMs: at(10, 0) }, { nowMs: NOW })).toThrow(/toMs|end after/);
  });
});

describe('statistics helpers', () => {
  it('p90 is the nearest rank', () => {
    // 10 values 1..10: rank ceil(9) = 9th = 9; mean 5.5.
    expect(durationStats([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ count: 10, meanMs: 5.5, p90Ms: 9 });
    expect(durationStats([7])).toEqual({ count: 1, meanMs: 7, p90Ms: 7 });
    expect(durationStats([])).toEqual({ count: 0, meanMs: null, p90Ms: null });
  });

  it('lists local days with a time-zone offset', () => {
    // 03-10 00:00 UTC -> 03-12 00:00 UTC at UTC+1 covers 03-10 01:00 .. 03-12 00:59 local: three days.
    expect(daysOf(at(10, 0), at(12, 0), 60)).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
    expect(daysOf(at(10, 0), at(12, 0), 0)).toEqual(['2025-03-10', '2025-03-11']);
  });
});
