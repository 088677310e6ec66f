import { describe, expect, it } from 'vitest';
import { computeIndicators, factsFromEvents, factsFromLog, periodBounds, type PeriodChoice } from '../../../shared/indicators';
import { foldTicket } from '../../../shared/tickets';
import { DAY_DATASET, DAY_NOW, at } from './dataset';

const facts = DAY_DATASET.map(factsFromEvents);
const UTC = 0;

function bounds(choice: PeriodChoice, nowMs = DAY_NOW, tz = UTC) {
  const result = periodBounds(choice, nowMs, tz);
  if (!result.ok) throw new Error(`unexpected period problem ${JSON.stringify(result.problem)}`);
  return result.bounds;
}
const today = computeIndicators(facts, bounds({ kind: 'today' }), { nowMs: DAY_NOW });

describe('a day with conflicts, reopens and escalations (see DAY_DATASET)', () => {
  it('reads J as resolved, undone by a conflict choice, then resolved again (the fold, unchanged)', () => {
    const j = foldTicket(DAY_DATASET[0] ?? []);
    expect(j.statusHistory.map((s) => s.status)).toEqual(['new', 'assigned', 'in_progress', 'resolved', 'pending', 'in_progress', 'resolved']);
    expect(j.conflicts).toEqual([]);
  });

  it('"Today" is the local day of the clock', () => {
    expect(bounds({ kind: 'today' })).toEqual({ fromMs: at(20, 0), toMs: at(21, 0), tzOffsetMinutes: 0 });
    // 23:30 UTC is already 00:30 on the 21st in Paris (UTC+1): today there is 03-20 23:00 -> 03-21 23:00 UTC.
    expect(bounds({ kind: 'today' }, at(20, 23, 30), 60)).toEqual({ fromMs: at(20, 23), toMs: at(21, 23), tzOffsetMinutes: 60 });
    // The rolling periods still end with today.
    expect(bounds({ kind: 'days', days: 7 })).toEqual({ fromMs: at(14, 0), toMs: at(21, 0), tzOffsetMinutes: 0 });
  });

  it('counts each resolved ticket once, by its last resolution, and only if it is still resolved', () => {
    // Resolved today and still resolved or closed at 18:00: J (once, at 12:00), K, M, Q. L was reopened and
    // is open; P's resolution was yesterday (closing it today is not resolving it).
    expect(today.resolved).toBe(4);
    expect(today.perDay).toEqual([{ day: '2025-03-20', opened: 6, resolved: 4 }]);
    expect(today.timeToResolve.count).toBe(4);
    expect(today.opened).toBe(6); // J K L M N Q
  });

  it('counts a resolution undone by a conflict choice as reopened, and not as a first-time fix', () => {
    // R (a resolution today): J K L M Q = 5. Reopened: J (conflict choice) and L (reopened) = 2 / 5.
    expect(today.reopen).toEqual({ num: 2, den: 5, rate: 0.4 });
    // First-time fix: K (the conflict kept it resolved) and Q; M was escalated = 2 / 5.
    expect(today.firstTimeFix).toEqual({ num: 2, den: 5, rate: 0.4 });
    // Every ticket of R is exactly one of: first-time fix, reopened, escalated without reopen (M).
    expect(today.firstTimeFix.num + today.reopen.num + 1).toBe(today.reopen.den);
  });

  it('counts escalated tickets once, whatever the number of escalation events', () => {
    // Opened today: 6. Escalated: M (twice to N2, from two devices) and N (N2 then N3) = 2 / 6.
    expect(today.escalation.overall).toEqual({ num: 2, den: 6, rate: 2 / 6 });
    expect(today.escalation.byLevel.N2).toEqual({ num: 2, den: 6, rate: 2 / 6 });
    expect(today.escalation.byLevel.N3).toEqual({ num: 1, den: 6, rate: 1 / 6 });
  });

  it('reads the backlog at now: L (reopened) and N', () => {
    expect(today.asOfMs).toBe(DAY_NOW);
    expect(today.backlog.total).toBe(2);
    expect(today.backlog.byStatus.in_progress).toBe(1);
    expect(today.backlog.byStatus.assigned).toBe(1);
  });

  it('a custom range selects the tickets of its days, both ends included', () => {
    const two = computeIndicators(facts, bounds({ kind: 'custom', from: '2025-03-19', to: '2025-03-20' }), { nowMs: DAY_NOW });
    expect(two.opened).toBe(7); // P too
    expect(two.resolved).toBe(5); // P on the 19th
    expect(two.perDay).toEqual([
      { day: '2025-03-19', opened: 1, resolved: 1 },
      { day: '2025-03-20', opened: 6, resolved: 4 },
    ]);
    expect(two.firstTimeFix).toEqual({ num: 3, den: 6, rate: 0.5 });

    // Yesterday alone: only P, read at the end of that day (resolved then, closed the next morning).
    const yesterday = computeIndicators(facts, bounds({ kind: 'custom', from: '2025-03-19', to: '2025-03-19' }), { nowMs: DAY_NOW });
    expect(yesterday.asOfMs).toBe(at(20, 0));
    expect([yesterday.opened, yesterday.resolved, yesterday.backlog.total]).toEqual([1, 1, 0]);
  });

  it('refuses a custom range that ends before it starts, or is not a date, naming the field', () => {
    expect(periodBounds({ kind: 'custom', from: '2025-03-20', to: '2025-03-19' }, DAY_NOW, UTC)).toEqual({ ok: false, problem: { field: 'to', reason: 'order' } });
    expect(periodBounds({ kind: 'custom', from: '', to: '2025-03-19' }, DAY_NOW, UTC)).toEqual({ ok: false, problem: { field: 'from', reason: 'missing' } });
    expect(periodBounds({ kind: 'custom', from: '2025-03-19', to: '2025-02-30' }, DAY_NOW, UTC)).toEqual({ ok: false, problem: { field: 'to', reason: 'missing' } });
    expect(periodBounds({ kind: 'custom', from: '2024-01-01', to: '2025-03-19' }, DAY_NOW, UTC)).toEqual({ ok: false, problem: { field: 'to', reason: 'too_long' } });
  });

  it('gives the same figures whatever order the two devices synced in', () => {
    expect(computeIndicators(factsFromLog(DAY_DATASET.flat().reverse()), bounds({ kind: 'today' }), { nowMs: DAY_NOW })).toEqual(today);
  });
});
