/**
 * Service indicators over a period, from ticket facts. Definitions (each figure says what it counts):
 * - Population: tickets of the chosen kinds (incidents and requests by default), optionally only one team
 *   and/or assignee (their current values).
 * - `asOf` = min(period end, now): the backlog and open clocks are read at that instant, from the status
 *   history (a ticket's status at a past instant is the last status it entered at or before it).
 * - Backlog: tickets created by asOf whose status at asOf is open (new, assigned, in_progress, pending);
 *   age = asOf - creation; `breached` = those whose resolve clock is over budget at asOf.
 * - Each ticket counts once per figure, by its state at asOf (its final state). Its status history is the
 *   fold's: a resolution undone by a `reopened` event or by a settled conflict (`conflict_resolved`
 *   applying an attempted move out of `resolved`) appears there as resolved -> an open status.
 * - Opened: created in [from, to). Resolved (per day and total): tickets resolved or closed at asOf whose
 *   last entry into `resolved` is in [from, to), counted on that day (resolved, reopened and resolved
 *   again counts once; resolved then reopened and still open does not count).
 * - Time to own: tickets first owned in the period; the SLA's counted time (pending excluded).
 *   Time to resolve: the resolved tickets above; the SLA's counted time up to the last resolution
 *   (pending and time spent resolved excluded).
 * - Vendors: `holding` = backlog tickets a vendor holds at asOf; `time` = for the resolved tickets above that
 *   ever went to a vendor, the total time with vendors up to the last resolution. The time to resolve and the
 *   SLA leave that time out (clocks paused, sla.ts), so the two are read side by side, never summed twice.
 * - SLA compliance: the same two sets; a ticket complies when its clock did not exceed the budget.
 * - R = tickets with at least one entry into `resolved` in the period. Reopened: tickets of R whose history
 *   up to asOf leaves resolved/closed for an open status (any way: reopen or conflict choice). First-time
 *   fix: tickets of R resolved or closed at asOf, never reopened and never escalated up to asOf. So
 *   first-time fixes + reopened + escalated-not-reopened = R.
 * - Escalation: among tickets created in the period, those escalated at least once by asOf; by level =
 *   escalated to that level (a ticket escalated to N2 then N3 counts in both); by category likewise.
 * - Top categories / assets: tickets created in the period, most first (ties by name).
 * - Recurring: assets with two incidents or more created in the period.
 * - Caught by checks ("before a user called"): incidents created in the period that a health check opened
 *   (facts.ts), of all incidents created in the period.
 * - Changes: see changes.ts (change tickets, whatever the filter's kinds).
 */
import { DEFAULT_SLA_TABLE, hlcWallMs, isOpen, overlap, Priority, slaState, slaTargetsFor, Status, SupportLevel, vendorPeriods, type SlaTable } from '../tickets';
import { computeChangeIndicators } from './changes';
import type { IndicatorTicket, TicketFacts } from './facts';
import { AGE_BUCKETS, IndicatorFilter, type AgeBucket, type CountRow, type Indicators } from './model';
import { dayKey, daysOf, durationStats, rate } from './stats';

const DAY = 86_400_000;
const TOP = 8;

export interface ComputeOptions {
  nowMs: number;
  slaTable?: SlaTable;
}

export function computeIndicators(facts: readonly TicketFacts[], filterInput: IndicatorFilter, options: ComputeOptions): Indicators {
  const filter = IndicatorFilter.parse(filterInput);
  const { fromMs, toMs, tzOffsetMinutes } = filter;
  const asOf = Math.min(toMs, options.nowMs);
  const table = options.slaTable ?? DEFAULT_SLA_TABLE;
  const inPeriod = (ms: number) => ms >= fromMs && ms < toMs;

  const mine = facts.filter(
    ({ ticket }) =>
      (filter.team === undefined || ticket.team === filter.team) &&
      (filter.assignee === undefined || ticket.assignee === filter.assignee) &&
      hlcWallMs(ticket.createdAt) <= asOf,
  );
  const chosen = mine.filter(({ ticket }) => filter.kinds.includes(ticket.kind));

  const byPriority = Object.fromEntries(Priority.options.map((p) => [p, 0])) as Record<Priority, number>;
  const byStatus = Object.fromEntries(Status.options.map((s) => [s, 0])) as Record<Status, number>;
  const buckets = Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>;
  const ages: number[] = [];
  let breached = 0;
  let holding = 0;
  const vendorTimes: number[] = [];

  const days = daysOf(fromMs, toMs, tzOffsetMinutes);
  const perDay = new Map(days.map((day) => [day, { day, opened: 0, resolved: 0 }]));
  let opened = 0;
  let resolvedCount = 0;
  const ownTimes: number[] = [];
  const resolveTimes: number[] = [];
  let ownMet = 0;
  let resolveMet = 0;
  let inR = 0;
  let firstTimeFix = 0;
  let reopened = 0;
  let created = 0;
  let escalatedAny = 0;
  let incidentsCreated = 0;
  let caughtByChecks = 0;
  const escalatedTo = Object.fromEntries(SupportLevel.options.map((l) => [l, 0])) as Record<SupportLevel, number>;
  const categories = new Map<string | null, { created: number; escalated: number }>();
  const assets = new Map<string, { count: number; incidents: { id: string; ms: number }[]; categories: Set<string> }>();

  for (const { ticket: full, escalations: allEscalations, openedByCheck } of chosen) {
    const ticket = asOfView(full, asOf);
    const createdMs = hlcWallMs(ticket.createdAt);
    const history = ticket.statusHistory.map((entry) => ({ atMs: hlcWallMs(entry.at), status: entry.status }));
    const escalations = allEscalations.filter((e) => e.atMs <= asOf);
    const clocks = slaState(ticket, asOf, slaTargetsFor(ticket.priority, table));

    if (isOpen(ticket.status)) {
      byPriority[ticket.priority]++;
      byStatus[ticket.status]++;
      const age = asOf - createdMs;
      ages.push(age);
      buckets[age < DAY ? 'lt1d' : age < 3 * DAY ? 'd1to3' : age < 7 * DAY ? 'd3to7' : 'gt7d']++;
      if (clocks.resolve.state === 'breached') breached++;
      if (vendorPeriods(ticket).some((span) => span.to === Infinity)) holding++;
    }

    if (inPeriod(createdMs)) {
      opened++;
      created++;
      if (ticket.kind === 'incident') {
        incidentsCreated++;
        if (openedByCheck) caughtByChecks++;
      }
      const day = perDay.get(dayKey(createdMs, tzOffsetMinutes));
      if (day) day.opened++;
      const category = categories.get(ticket.category) ?? { created: 0, escalated: 0 };
      category.created++;
      if (escalations.length > 0) {
        escalatedAny++;
        category.escalated++;
        for (const level of new Set(escalations.map((e) => e.toLevel))) escalatedTo[level]++;
      }
      categories.set(ticket.category, category);
      if (ticket.asset !== null) {
        const asset = assets.get(ticket.asset) ?? { count: 0, incidents: [], categories: new Set<string>() };
        asset.count++;
        if (ticket.kind === 'incident') {
          asset.incidents.push({ id: ticket.id, ms: createdMs });
          if (ticket.category) asset.categories.add(ticket.category);
        }
        assets.set(ticket.asset, asset);
      }
    }

    if (history.some((entry) => entry.status === 'resolved' && inPeriod(entry.atMs))) {
      inR++;
      const settled = isClosedLike(ticket.status);
      const wasReopened = history.some((entry, i) => i > 0 && isOpen(entry.status) && isClosedLike(history[i - 1]?.status));
      if (wasReopened) reopened++;
      if (settled && !wasReopened && escalations.length === 0) firstTimeFix++;
      const lastResolution = history.findLast((entry) => entry.status === 'resolved');
      if (settled && lastResolution && inPeriod(lastResolution.atMs)) {
        resolvedCount++;
        const day = perDay.get(dayKey(lastResolution.atMs, tzOffsetMinutes));
        if (day) day.resolved++;
        resolveTimes.push(clocks.resolve.elapsedMs);
        if (clocks.resolve.state !== 'breached') resolveMet++;
        const vendors = vendorPeriods(ticket);
        if (vendors.length > 0) vendorTimes.push(overlap(vendors, createdMs, lastResolution.atMs));
      }
    }

    if (ticket.ownedAt !== null && inPeriod(hlcWallMs(ticket.ownedAt))) {
      ownTimes.push(clocks.own.elapsedMs);
      if (clocks.own.state !== 'breached') ownMet++;
    }
  }

  return {
    asOfMs: asOf,
    backlog: {
      total: ages.length,
      byPriority,
      byStatus,
      age: {
        buckets,
        meanMs: ages.length === 0 ? null : ages.reduce((a, b) => a + b, 0) / ages.length,
        oldestMs: ages.length === 0 ? null : Math.max(...ages),
      },
      breached,
    },
    perDay: [...perDay.values()],
    opened,
    resolved: resolvedCount,
    timeToOwn: durationStats(ownTimes),
    timeToResolve: durationStats(resolveTimes),
    vendor: { holding, time: durationStats(vendorTimes) },
    sla: { own: rate(ownMet, ownTimes.length), resolve: rate(resolveMet, resolveTimes.length) },
    firstTimeFix: rate(firstTimeFix, inR),
    reopen: rate(reopened, inR),
    escalation: {
      overall: rate(escalatedAny, created),
      byLevel: Object.fromEntries(SupportLevel.options.map((l) => [l, rate(escalatedTo[l], created)])) as Indicators['escalation']['byLevel'],
      byCategory: [...categories.entries()]
        .map(([category, c]) => ({ category, rate: rate(c.escalated, c.created) }))
        .sort((a, b) => b.rate.num - a.rate.num || b.rate.den - a.rate.den || byName(a.category, b.category)),
    },
    topCategories: top([...categories.entries()].map(([key, c]) => ({ key, count: c.created }))),
    topAssets: top([...assets.entries()].map(([key, a]) => ({ key, count: a.count }))),
    recurring: [...assets.entries()]
      .filter(([, a]) => a.incidents.length >= 2)
      .map(([asset, a]) => ({ asset, count: a.incidents.length, ticketIds: a.incidents.sort((x, y) => x.ms - y.ms || byName(x.id, y.id)).map((i) => i.id), categories: [...a.categories].sort() }))
      .sort((a, b) => b.count - a.count || byName(a.asset, b.asset)),
    caughtByChecks: rate(caughtByChecks, incidentsCreated),
    changes: computeChangeIndicators(
      mine.map(({ ticket }) => ticket),
      { fromMs, toMs, asOf },
    ),
  };
}

/** The ticket as it stood at `asOf`: later status entries, ownership and vendor periods are dropped or left open. */
function asOfView(ticket: IndicatorTicket, asOf: number): IndicatorTicket {
  const statusHistory = ticket.statusHistory.filter((entry) => hlcWallMs(entry.at) <= asOf);
  const ownedAt = ticket.ownedAt !== null && hlcWallMs(ticket.ownedAt) <= asOf ? ticket.ownedAt : null;
  const status = statusHistory.at(-1)?.status ?? 'new';
  const vendorSpans = (ticket.vendorSpans ?? [])
    .filter((span) => hlcWallMs(span.from) <= asOf)
    .map((span) => (span.to !== null && hlcWallMs(span.to) > asOf ? { from: span.from, to: null } : span));
  return { ...ticket, statusHistory, ownedAt, status, vendorSpans };
}

const isClosedLike = (status: Status | undefined) => status === 'resolved' || status === 'closed';
const byName = (a: string | null, b: string | null) => (a ?? '').localeCompare(b ?? '');
const top = (rows: CountRow[]) => rows.sort((a, b) => b.count - a.count || byName(a.key, b.key)).slice(0, TOP);


