import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../../electron/core/checks';
import { healthOverview } from '../../../electron/core/checks/health';
import { IncidentKeeper } from '../../../electron/core/checks/incidents';
import { ReadingStore, type StoredReading } from '../../../electron/core/checks/readings';
import { openDatabase } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { FLAP_CHANGES, FLAP_WINDOW, flapState, isFlapping, stateChanges, type CheckStatus } from '../../../shared/checks';
import { tempDir } from '../../setup/temp';

/** Series are written oldest first here, and stored / read newest first. */
const newestFirst = (oldestFirst: CheckStatus[]) => [...oldestFirst].reverse();

describe('flapping, from a series of readings', () => {
  it('counts changes between failing and not failing; warn is not failing, unavailable and unreachable say nothing', () => {
    expect(stateChanges(newestFirst(['pass', 'fail', 'pass', 'warn', 'fail']))).toBe(3);
    expect(stateChanges(newestFirst(['fail', 'unreachable', 'fail', 'unavailable', 'fail']))).toBe(0);
    expect(stateChanges(newestFirst(['pass', 'warn', 'pass', 'warn']))).toBe(0);
  });

  it(`is flapping past ${FLAP_CHANGES} changes within the last ${FLAP_WINDOW} readings only`, () => {
    const flips: CheckStatus[] = ['pass', 'fail', 'pass', 'fail', 'pass'];
    expect(stateChanges(newestFirst(flips))).toBe(FLAP_CHANGES + 1);
    expect(isFlapping(newestFirst(flips))).toBe(true);
    expect(isFlapping(newestFirst(flips.slice(1)))).toBe(false);
    // The same flips followed by a window's worth of steady passes have left the window.
    expect(isFlapping(newestFirst([...flips, ...Array<CheckStatus>(FLAP_WINDOW - 1).fill('pass')]))).toBe(false);
  });

  it('says "started" on the one reading that tips the series into flapping', () => {
    const series: CheckStatus[] = ['pass', 'fail', 'pass', 'fail', 'pass', 'fail', 'pass'];
    const started = series.map((_, i) => flapState(newestFirst(series.slice(0, i + 1))).started);
    expect(started).toEqual([false, false, false, false, true, false, false]);
  });
});

const PLAN = `id: p
version: 1
title: { fr: P, en: P }
resolve_after: 1
checks:
  - id: log
    title: { fr: Journal, en: Log }
    probe: log.grep
    args: { source: /var/log/x.log, pattern: ERROR }
    every: 1h
    value: matches
    fail: { field: matches, op: ">", value: 0 }
`;

describe('a flapping check and its incident', () => {
  it('keeps one ticket open through the flips, says so once, and resolves only once the check settles', () => {
    const db = openDatabase(join(tempDir(), 'a.db'));
    const readings = new ReadingStore(db);
    const tickets = new TicketService(db, () => 'tech');
    const incidents = new IncidentKeeper(db, tickets);
    const loaded = parsePlanText(PLAN, 'p.yaml');
    if (!loaded.ok) throw new Error('plan');
    const { plan } = loaded;
    const check = plan.checks[0]!;
    const start = Date.UTC(2026, 11, 7);
    // resolve_after 1: without flap handling every pass would resolve and every failure open a new ticket.
    const series: CheckStatus[] = ['pass', 'fail', 'pass', 'fail', 'pass', 'fail', 'pass', 'fail', 'pass', ...Array<CheckStatus>(FLAP_WINDOW).fill('pass')];
    const grid = () => healthOverview({ plan, source: 'p.yaml', enabled: true }, readings, incidents, start).cells.find((c) => c.host === 'ws-01')!;
    const flappingInGrid: boolean[] = [];
    const applied = series.map((status, i) => {
      const reading: StoredReading = { host: 'ws-01', checkId: 'log', atMs: start + i * 3_600_000, status, value: status === 'fail' ? '1' : '0', metric: null, detail: null };
      readings.add([reading]);
      const change = incidents.apply(plan, check, reading, readings.recent('ws-01', 'log', FLAP_WINDOW + 1));
      flappingInGrid.push(grid().flapping);
      return change;
    });
    const changes = applied.map((c) => c?.change ?? null);
    // Opened, resolved by the first pass (not flapping yet), opened again... until the flips tip it into flapping.
    expect(changes.slice(0, 4)).toEqual([null, 'opened', 'resolved', 'opened']);
    // The fourth change tips it into flapping: that pass holds the ticket open and says why.
    expect(changes[4]).toBe('flapping');
    // From then on the flips neither resolve nor open: failures add to the one ticket, passes hold it.
    expect(changes.slice(5, 9)).toEqual(['added', null, 'added', null]);
    const resolvedAt = changes.indexOf('resolved', 4);
    expect(resolvedAt).toBeGreaterThan(9);
    expect(changes.slice(resolvedAt + 1).every((c) => c === null)).toBe(true);

    const ticketIds = new Set(applied.flatMap((c) => (c ? [c.ticketId] : [])));
    expect(ticketIds.size).toBe(2);
    const flapped = tickets.detail(applied[4]!.ticketId);
    expect(applied.slice(3).every((c) => c === null || c.ticketId === flapped.ticket.id)).toBe(true);
    const comments = flapped.timeline.filter((e) => e.type === 'comment_added').map((e) => (e.payload as { text: string }).text);
    expect(comments.filter((text) => text.startsWith('Flapping:'))).toHaveLength(1);
    expect(comments.filter((text) => text.startsWith('Still failing'))).toHaveLength(0);
    expect(flapped.ticket.status).toBe('resolved');

    // The grid marks the series flapping while the flips are in the window, and no longer once it has settled.
    expect(flappingInGrid.slice(0, 4).every((f) => !f)).toBe(true);
    expect(flappingInGrid.slice(4, 9).every(Boolean)).toBe(true);
    expect(flappingInGrid.at(-1)).toBe(false);
    db.close();
  });
});
