import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../../shared/checks';
import type { HealthCell } from '../../../shared/contract';
import { newFailures, seenStatuses } from '../../../renderer/views/health/new-failures';

const cell = (host: string, status: CheckStatus, flapping = false): HealthCell => ({ host, checkId: 'disk', status, value: null, atMs: 0, detail: null, ticketId: null, flapping, nextTryMs: null, recent: [] });

describe('which failures are new, for the desktop notification', () => {
  it('announces a check that starts failing (or first reads failing), once, and not what was failing when notifications were turned on', () => {
    const first = [cell('a', 'fail'), cell('b', 'pass'), cell('c', 'warn')];
    expect(newFailures(null, first)).toEqual([]);
    const next = [cell('a', 'fail'), cell('b', 'fail'), cell('c', 'unreachable'), cell('d', 'fail')];
    expect(newFailures(seenStatuses(first), next).map((c) => c.host)).toEqual(['b', 'd']);
    expect(newFailures(seenStatuses(next), next)).toEqual([]);
  });

  it('leaves a flapping check out', () => {
    expect(newFailures(seenStatuses([cell('a', 'pass')]), [cell('a', 'fail', true)])).toEqual([]);
  });
});
