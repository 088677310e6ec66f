import { describe, expect, it } from 'vitest';
import { IMPACTS, Impact, PRIORITY_MATRIX, URGENCIES, priorityOf } from '../../../shared/tickets';

describe('priority matrix', () => {
  it.each([
    [1, 1, 'P1'],
    [1, 2, 'P2'],
    [1, 3, 'P3'],
    [2, 1, 'P2'],
    [2, 2, 'P3'],
    [2, 3, 'P4'],
    [3, 1, 'P3'],
    [3, 2, 'P4'],
    [3, 3, 'P5'],
  ] as const)('impact %i x urgency %i -> %s', (impact, urgency, priority) => {
    expect(priorityOf(impact, urgency)).toBe(priority);
    expect(PRIORITY_MATRIX[impact][urgency]).toBe(priority);
  });

  it('the exported table covers exactly the 9 cells', () => {
    expect(IMPACTS.flatMap((i) => URGENCIES.map((u) => PRIORITY_MATRIX[i][u]))).toEqual([
      'P1', 'P2', 'P3', 'P2', 'P3', 'P4', 'P3', 'P4', 'P5',
    ]);
  });

  it('refuses impact or urgency outside 1-3', () => {
    expect(Impact.safeParse(0).success).toBe(false);
    expect(Impact.safeParse(4).success).toBe(false);
    expect(Impact.safeParse('1').success).toBe(false);
  });
});
