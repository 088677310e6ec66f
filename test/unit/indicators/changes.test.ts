import { describe, expect, it } from 'vitest';
import { computeIndicators, factsFromEvents, factsFromLog } from '../../../shared/indicators';
import { CHANGES, INCIDENT } from './change-dataset';
import { NOW, PERIOD, at } from './dataset';

describe('change indicators', () => {
  const figures = computeIndicators([...CHANGES, INCIDENT].map(factsFromEvents), PERIOD, { nowMs: NOW });

  it('success rate: changes whose last rollout ended in the period, completed with no host failed', () => {
    // Implemented: C1..C6 (C7 ends after asOf); successes C1 and C4 (C4's stopped first try does not count).
    expect(figures.changes.success).toEqual({ num: 2, den: 6, rate: 2 / 6 });
  });

  it('emergency share: of the changes created in the period (C5 was created before it)', () => {
    expect(figures.changes.emergency).toEqual({ num: 2, den: 6, rate: 2 / 6 });
  });

  it('rollbacks: failed changes rolled back by asOf, and the hosts rolled back', () => {
    // Failed: C2 (stopped), C3 (a host failed its verification), C6 (stopped; its rollback comes after asOf).
    expect(figures.changes.rolledBack).toEqual({ num: 1, den: 3, rate: 1 / 3 });
    expect(figures.changes.rolledBackHosts).toBe(1);
  });

  it('change tickets stay out of the service figures, and a later period sees C6 rolled back and C7 done', () => {
    expect(figures.opened).toBe(1);
    const later = computeIndicators([...CHANGES, INCIDENT].map(factsFromEvents), { fromMs: at(12, 0), toMs: at(14, 0) }, { nowMs: NOW + 86_400_000 });
    // Ended 03-12 or later: C3, C4, C5, C6, C7; successes C4, C7; failed C3, C6 (rolled back).
    expect(later.changes.success).toEqual({ num: 2, den: 5, rate: 2 / 5 });
    expect(later.changes.rolledBack).toEqual({ num: 1, den: 2, rate: 1 / 2 });
  });

  it('the same figures from the events in any order, and a team filter applies to changes too', () => {
    expect(computeIndicators(factsFromLog(CHANGES.flat().reverse()), PERIOD, { nowMs: NOW }).changes).toEqual(computeIndicators(CHANGES.map(factsFromEvents), PERIOD, { nowMs: NOW }).changes);
    const other = computeIndicators(CHANGES.map(factsFromEvents), { ...PERIOD, team: 'Network' }, { nowMs: NOW });
    expect(other.changes.success).toEqual({ num: 0, den: 0, rate: null });
  });
});
