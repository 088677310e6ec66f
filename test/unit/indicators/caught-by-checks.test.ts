import { describe, expect, it } from 'vitest';
import { checkIncidentHeadline, isCheckIncidentDescription } from '../../../shared/checks/incidents';
import { computeIndicators, factsFromEvents } from '../../../shared/indicators';
import { parseEvent, type EventType, type TicketEvent } from '../../../shared/tickets';
import { Device, NODE_A, prng } from '../tickets/fixtures';
import { NOW, PERIOD, at } from './dataset';

const rand = prng(13);

function life(id: string, steps: [number, EventType, unknown][]): TicketEvent[] {
  const device = new Device('laptop-a', NODE_A, rand);
  return steps.map(([ms, type, payload]) => {
    device.wallMs = ms;
    return parseEvent(device.make(id, type, payload as never));
  });
}

const headline = checkIncidentHeadline({ planId: 'builtin', planVersion: 3, checkId: 'disk-free', probe: 'disk.free', host: 'ws-12' });
const byCheck = (description: string) => ({ kind: 'incident', title: 'ws-12: Disk free', description, impact: 2, urgency: 2, asset: 'ws-12' });
const byPerson = (description?: string) => ({ kind: 'incident', title: 'Disk full', impact: 2, urgency: 2, ...(description ? { description } : {}) });

/**
 *  K1 opened by a check in the period, then its description edited by a person: still caught.
 *  K2 opened by a check before the period: not in this period's count.
 *  P1 a person's call in the period; P2 a person quoting a check's words further down: not caught.
 *  R1 a request in the period: requests are not incidents, in neither count.
 */
const TICKETS = [
  life('K1', [
    [at(10, 3), 'created', byCheck(`${headline}\n\nReadings:\n2025-03-10T03:00:00.000Z  fail  4`)],
    [at(10, 9), 'field_changed', { changes: { description: 'Disk cleaned by hand, see worklog.' } }],
  ]),
  life('K2', [[at(9, 3), 'created', byCheck(headline)]]),
  life('P1', [[at(11, 9), 'created', byPerson()]]),
  life('P2', [[at(11, 10), 'created', byPerson(`The user pasted this:\n${headline}`)]]),
  life('R1', [[at(12, 9), 'created', { kind: 'request', title: 'New mouse', impact: 3, urgency: 3 }]]),
];

describe('incidents caught before a user called', () => {
  it('counts the incidents a health check opened in the period, of all incidents opened in it', () => {
    const figures = computeIndicators(TICKETS.map(factsFromEvents), PERIOD, { nowMs: NOW });
    expect(figures.caughtByChecks).toEqual({ num: 1, den: 3, rate: 1 / 3 });
    expect(figures.opened).toBe(4);
  });

  it('the mark is the headline the health checks write, at the very start of the description only', () => {
    expect(headline).toBe('Health check builtin v3 / disk-free (disk.free) failed on ws-12.');
    expect(isCheckIncidentDescription(`${headline}\n\nReadings:`)).toBe(true);
    expect(isCheckIncidentDescription(`see: ${headline}`)).toBe(false);
    expect(isCheckIncidentDescription('Health check failed on my PC, please help')).toBe(false);
    expect(isCheckIncidentDescription(undefined)).toBe(false);
  });

  it('no incident in the period is "no data", not 0 %', () => {
    expect(computeIndicators(TICKETS.map(factsFromEvents), { fromMs: at(1, 0), toMs: at(2, 0) }, { nowMs: NOW }).caughtByChecks).toEqual({ num: 0, den: 0, rate: null });
  });
});
