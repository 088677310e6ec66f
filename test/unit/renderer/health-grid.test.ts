import { describe, expect, it } from 'vitest';
import type { CheckStatus } from '../../../shared/checks';
import type { HealthCell, HealthOverview } from '../../../shared/contract';
import { gridChoices, gridHosts, type GridOrder } from '../../../renderer/views/health/grid-order';
import { sparkPoints, sparkTrend } from '../../../renderer/views/health/sparkline';

const cell = (host: string, checkId: string, status: CheckStatus, value: string | null = null): HealthCell => ({
  host, checkId, status, value, atMs: 0, detail: null, ticketId: null, flapping: false, nextTryMs: null, recent: [],
});

const overview: HealthOverview = {
  plan: { id: 'p', version: 1, title: { fr: 'P', en: 'P' }, enabled: true, source: 'p.yaml' },
  checks: [{ id: 'disk', title: { fr: 'Disque', en: 'Disk' }, probe: 'disk.free' }],
  hosts: ['alpha', 'bravo', 'charlie', 'delta'],
  hostInfo: [
    { name: 'alpha', site: 'Lyon', tags: ['compta'] },
    { name: 'bravo', site: 'Paris', tags: ['compta', 'rh'] },
    { name: 'charlie', site: 'lyon', tags: [] },
    { name: 'delta', site: null, tags: ['rh'] },
  ],
  cells: [
    cell('alpha', 'disk', 'pass', '40'),
    cell('bravo', 'disk', 'warn', '12'),
    cell('bravo', 'host.reachable', 'pass'),
    cell('charlie', 'disk', 'pass', '8'),
    cell('delta', 'host.reachable', 'unreachable'),
  ],
  atRisk: [],
};

const all = { text: '', site: '', tag: '' };
const order = (sort: GridOrder['sort'], dir: GridOrder['dir']): GridOrder => ({ sort, dir });

describe('the Health grid order', () => {
  it('sorts by host both ways', () => {
    expect(gridHosts(overview, all, order({ by: 'host' }, 'asc'))).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect(gridHosts(overview, all, order({ by: 'host' }, 'desc'))).toEqual(['delta', 'charlie', 'bravo', 'alpha']);
  });

  it('sorts by worst status, unreachable and failing first, ties by name', () => {
    expect(gridHosts(overview, all, order({ by: 'worst' }, 'desc'))).toEqual(['delta', 'bravo', 'alpha', 'charlie']);
  });

  it("sorts by a check's column: status first, then its value; hosts without it last", () => {
    expect(gridHosts(overview, all, order({ by: 'check', checkId: 'disk' }, 'desc'))).toEqual(['bravo', 'alpha', 'charlie', 'delta']);
    expect(gridHosts(overview, all, order({ by: 'check', checkId: 'disk' }, 'asc'))).toEqual(['delta', 'charlie', 'alpha', 'bravo']);
  });

  it('filters by site (any case), by tag, and by name together', () => {
    expect(gridHosts(overview, { ...all, site: 'Lyon' }, order({ by: 'host' }, 'asc'))).toEqual(['alpha', 'charlie']);
    expect(gridHosts(overview, { ...all, tag: 'rh' }, order({ by: 'host' }, 'asc'))).toEqual(['bravo', 'delta']);
    expect(gridHosts(overview, { text: 'AL', site: 'lyon', tag: 'compta' }, order({ by: 'host' }, 'asc'))).toEqual(['alpha']);
  });

  it('offers the sites and tags the hosts have', () => {
    expect(gridChoices(overview)).toEqual({ sites: ['Lyon', 'Paris'], tags: ['compta', 'rh'] });
  });
});

describe('sparklines', () => {
  it('tell the trend in words for screen readers', () => {
    expect(sparkTrend([1, 2, 3])).toBe('rising');
    expect(sparkTrend([80, null, 60])).toBe('falling');
    expect(sparkTrend([50, 50.5, 50])).toBe('steady');
    expect(sparkTrend([0, 0, 0])).toBe('steady');
    expect(sparkTrend([null, 4])).toBe('unknown');
  });

  it('draw the values in the box, highest at the top, skipping missing ones', () => {
    expect(sparkPoints([0, null, 10], 100, 24)).toBe('0.0,22.0 100.0,2.0');
    expect(sparkPoints([null], 100, 24)).toBe('');
  });
});
