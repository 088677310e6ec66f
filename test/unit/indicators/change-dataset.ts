/** Change tickets for the indicator tests (same period as ./dataset.ts), read by unit and integration tests. */
import { parseEvent, type EventType, type TicketEvent } from '../../../shared/tickets';
import { Device, NODE_A, prng } from '../tickets/fixtures';
import { at } from './dataset';

const rand = prng(14);

/** One ticket's events at the given wall times, each parsed as the store would (defaults applied). */
function life(id: string, steps: [number, EventType, unknown][]): TicketEvent[] {
  const device = new Device('laptop-a', NODE_A, rand);
  return steps.map(([ms, type, payload]) => {
    device.wallMs = ms;
    return parseEvent(device.make(id, type, payload as never));
  });
}

const created = () => ({ kind: 'change', title: 'Proxy settings', impact: 2, urgency: 2 }) as const;
const planned = (type: 'standard' | 'normal' | 'emergency') => ({
  record: { type, risk: 'medium', plan: 'set the proxy', testPlan: 'curl a page', rollbackPlan: 'restore the copy', hosts: ['ws-1', 'ws-2', 'ws-3'], ...(type === 'standard' ? { template: 'proxy' } : {}) },
});
const started = (runId: string, hosts: string[]) => ({ runId, hosts, waveSize: 2, failureThreshold: 1 });
const host = (runId: string, name: string, outcome: 'succeeded' | 'failed', phase: 'run' | 'verify' | 'rollback' = 'run') => ({
  runId,
  host: name,
  phase,
  outcome,
  exitCode: outcome === 'succeeded' ? 0 : 1,
  output: '',
  reason: null,
  wave: 0,
});
const ended = (runId: string, outcome: 'completed' | 'stopped' | 'cancelled') => ({ runId, outcome, reason: outcome === 'completed' ? null : outcome });

/**
 * Period 03-10 00:00 to 03-13 00:00; asOf 03-13 00:00.
 *  C1 normal     created 03-10  r1 completed 03-10 21:00, all hosts fine                 -> success
 *  C2 emergency  created 03-11  r1 canary failed, stopped 03-11 10:00, rolled back 11:00 -> failed, rolled back (1 host)
 *  C3 normal     created 03-11  r1 completed 03-12 02:00 with ws-2 failed (threshold 1)  -> failed, not rolled back
 *  C4 emergency  created 03-12  r1 stopped 03-12 09:00, r2 completed 12:00               -> success (the last rollout decides)
 *  C5 standard   created 03-08  r1 cancelled 03-12 15:00, nothing failed                  -> implemented, neither
 *  C6 normal     created 03-12  r1 stopped 03-12 23:00 (ws-1 failed), rollback 03-13 06:00 (after asOf) -> failed, not rolled back yet
 *  C7 normal     created 03-12  r1 still running at asOf (ends 03-13 01:00)             -> not implemented
 */
export const CHANGES = [
  life('C1', [
    [at(10, 8), 'created', created()],
    [at(10, 8, 5), 'change_planned', planned('normal')],
    [at(10, 20), 'rollout_started', started('r1', ['ws-1', 'ws-2'])],
    [at(10, 20, 10), 'rollout_host_recorded', host('r1', 'ws-1', 'succeeded')],
    [at(10, 20, 20), 'rollout_host_recorded', host('r1', 'ws-2', 'succeeded')],
    [at(10, 21), 'rollout_ended', ended('r1', 'completed')],
  ]),
  life('C2', [
    [at(11, 8), 'created', created()],
    [at(11, 8, 5), 'change_planned', planned('emergency')],
    [at(11, 9), 'rollout_started', started('r1', ['ws-1', 'ws-2'])],
    [at(11, 9, 30), 'rollout_host_recorded', host('r1', 'ws-1', 'failed')],
    [at(11, 10), 'rollout_ended', ended('r1', 'stopped')],
    [at(11, 11), 'rollout_host_recorded', host('r1', 'ws-1', 'succeeded', 'rollback')],
  ]),
  life('C3', [
    [at(11, 12), 'created', created()],
    [at(11, 12, 5), 'change_planned', planned('normal')],
    [at(12, 1), 'rollout_started', started('r1', ['ws-1', 'ws-2', 'ws-3'])],
    [at(12, 1, 10), 'rollout_host_recorded', host('r1', 'ws-1', 'succeeded')],
    [at(12, 1, 20), 'rollout_host_recorded', host('r1', 'ws-2', 'failed', 'verify')],
    [at(12, 1, 30), 'rollout_host_recorded', host('r1', 'ws-3', 'succeeded')],
    [at(12, 2), 'rollout_ended', ended('r1', 'completed')],
  ]),
  life('C4', [
    [at(12, 7), 'created', created()],
    [at(12, 7, 5), 'change_planned', planned('emergency')],
    [at(12, 8), 'rollout_started', started('r1', ['ws-1'])],
    [at(12, 8, 30), 'rollout_host_recorded', host('r1', 'ws-1', 'failed')],
    [at(12, 9), 'rollout_ended', ended('r1', 'stopped')],
    [at(12, 11), 'rollout_started', started('r2', ['ws-1'])],
    [at(12, 11, 30), 'rollout_host_recorded', host('r2', 'ws-1', 'succeeded')],
    [at(12, 12), 'rollout_ended', ended('r2', 'completed')],
  ]),
  life('C5', [
    [at(8, 7), 'created', created()],
    [at(8, 7, 5), 'change_planned', planned('standard')],
    [at(12, 14), 'rollout_started', started('r1', ['ws-1'])],
    [at(12, 15), 'rollout_ended', ended('r1', 'cancelled')],
  ]),
  life('C6', [
    [at(12, 16), 'created', created()],
    [at(12, 16, 5), 'change_planned', planned('normal')],
    [at(12, 22), 'rollout_started', started('r1', ['ws-1'])],
    [at(12, 22, 30), 'rollout_host_recorded', host('r1', 'ws-1', 'failed')],
    [at(12, 23), 'rollout_ended', ended('r1', 'stopped')],
    [at(13, 6), 'rollout_host_recorded', host('r1', 'ws-1', 'succeeded', 'rollback')],
  ]),
  life('C7', [
    [at(12, 17), 'created', created()],
    [at(12, 17, 5), 'change_planned', planned('normal')],
    [at(12, 23, 30), 'rollout_started', started('r1', ['ws-1'])],
    [at(12, 23, 40), 'rollout_host_recorded', host('r1', 'ws-1', 'succeeded')],
    [at(13, 1), 'rollout_ended', ended('r1', 'completed')],
  ]),
];
export const INCIDENT = life('I1', [[at(10, 9), 'created', { kind: 'incident', title: 'Printer offline', impact: 2, urgency: 2 }]]);

