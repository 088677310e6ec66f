import { describe, expect, it } from 'vitest';
import { incidentStep, type CheckStatus } from '../../../shared/checks';

/** Walks a sequence of results through the rule, as the keeper does, and returns what each did. */
function walk(results: CheckStatus[], resolveAfter = 3): string[] {
  let state = { ticketId: null as string | null, passes: 0 };
  return results.map((status) => {
    const step = incidentStep(state, status, resolveAfter);
    if (step.kind === 'open') state = { ticketId: 't1', passes: 0 };
    if (step.kind === 'add') state = { ...state, passes: 0 };
    if (step.kind === 'count') state = { ...state, passes: step.passes };
    if (step.kind === 'resolve') state = { ticketId: null, passes: 0 };
    return step.kind;
  });
}

describe('what a result does to its incident', () => {
  it('opens once, adds while open, resolves after N passes in a row', () => {
    expect(walk(['pass', 'fail', 'fail', 'pass', 'pass', 'pass', 'pass'])).toEqual(['none', 'open', 'add', 'count', 'count', 'resolve', 'none']);
  });

  it('a warning or a new failure breaks the row of passes; unavailable and unreachable change nothing', () => {
    expect(walk(['fail', 'pass', 'pass', 'warn', 'pass', 'pass', 'unreachable', 'unavailable', 'pass'])).toEqual(['open', 'count', 'count', 'count', 'count', 'count', 'none', 'none', 'resolve']);
    expect(walk(['fail', 'pass', 'pass', 'fail', 'pass', 'pass', 'pass'])).toEqual(['open', 'count', 'count', 'add', 'count', 'count', 'resolve']);
  });
});
