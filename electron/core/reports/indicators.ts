import { isCheckIncidentDescription } from '../../../shared/checks/incidents';
import type { Language } from '../../../shared/contract/app';
import { computeIndicators, dayKey, IndicatorFilter, type Indicators, type TicketFacts } from '../../../shared/indicators';
import { hlcWallMs, type SlaTable, type SupportLevel, type Ticket } from '../../../shared/tickets';
import { writeCsv } from '../csv';
import type { Database } from '../db/open';

/**
 * Ticket facts from the local store: the projections (each the fold of its ticket's events) plus the
 * escalation events, which the fold keeps only as the current level, and the `created` events' description
 * (the mark of an incident a health check opened). Offline work is in all of them already.
 */
export function loadFacts(db: Database): TicketFacts[] {
  const escalations = new Map<string, { atMs: number; toLevel: SupportLevel }[]>();
  const rows = db.prepare("SELECT ticket_id AS id, hlc, payload FROM events WHERE type = 'escalated'").all() as { id: string; hlc: string; payload: string }[];
  for (const row of rows) {
    const list = escalations.get(row.id) ?? [];
    list.push({ atMs: hlcWallMs(row.hlc), toLevel: (JSON.parse(row.payload) as { toLevel: SupportLevel }).toLevel });
    escalations.set(row.id, list);
  }
  const byCheck = new Set<string>();
  const created = db.prepare("SELECT ticket_id AS id, json_extract(payload, '$.description') AS description FROM events WHERE type = 'created'").all() as {
    id: string;
    description: string | null;
  }[];
  for (const row of created) if (isCheckIncidentDescription(row.description ?? undefined)) byCheck.add(row.id);
  const states = db.prepare('SELECT state FROM ticket_states').pluck().all() as string[];
  return states.map((raw) => {
    const ticket = JSON.parse(raw) as Ticket;
    return { ticket, escalations: escalations.get(ticket.id) ?? [], openedByCheck: byCheck.has(ticket.id) };
  });
}

export function indicatorsFromStore(db: Database, filter: IndicatorFilter, nowMs = Date.now(), slaTable?: SlaTable): Indicators {
  return computeIndicators(loadFacts(db), filter, { nowMs, ...(slaTable ? { slaTable } : {}) });
}

const HEAD: Record<Language, [string, string, string, string]> = {
  fr: ['indicateur', 'clé', 'valeur', 'sur'],
  en: ['indicator', 'key', 'value', 'of'],
};

/** The local days the period covers, first and last (a single day for "Today"). */
function periodDays(filter: IndicatorFilter): { first: string; last: string } {
  const { fromMs, toMs, tzOffsetMinutes } = IndicatorFilter.parse(filter);
  return { first: dayKey(fromMs, tzOffsetMinutes), last: dayKey(toMs - 1, tzOffsetMinutes) };
}

/** The CSV and its file name, named after the local days of the period (not the UTC ones). */
export function indicatorsCsvExport(db: Database, filter: IndicatorFilter, lang: Language, nowMs = Date.now()): { csv: string; fileName: string } {
  const { first, last } = periodDays(filter);
  const span = first === last ? first : `${first}-${last}`;
  const csv = indicatorsCsv(indicatorsFromStore(db, filter, nowMs), lang, filter);
  return { csv, fileName: `atelier-${lang === 'fr' ? 'indicateurs' : 'indicators'}-${span}.csv` };
}

/** The figures as flat CSV rows (indicator, key, value, denominator): easy to pivot in a spreadsheet. */
export function indicatorsCsv(ind: Indicators, lang: Language, filter?: IndicatorFilter): string {
  const rows: (string | number | null)[][] = [HEAD[lang]];
  const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / 3_600_000) * 100) / 100);
  const add = (name: string, key: string, value: number | null, of: number | null = null) => rows.push([name, key, value, of]);
  for (const [k, v] of Object.entries(ind.backlog.byPriority)) add('backlog_by_priority', k, v);
  for (const [k, v] of Object.entries(ind.backlog.byStatus)) add('backlog_by_status', k, v);
  for (const [k, v] of Object.entries(ind.backlog.age.buckets)) add('backlog_age', k, v);
  add('backlog', 'total', ind.backlog.total);
  add('backlog', 'breached', ind.backlog.breached);
  add('backlog', 'mean_age_hours', hours(ind.backlog.age.meanMs));
  for (const d of ind.perDay) {
    add('opened_per_day', d.day, d.opened);
    add('resolved_per_day', d.day, d.resolved);
  }
  add('opened', 'total', ind.opened);
  add('resolved', 'total', ind.resolved);
  add('time_to_own_hours', 'mean', hours(ind.timeToOwn.meanMs), ind.timeToOwn.count);
  add('time_to_own_hours', 'p90', hours(ind.timeToOwn.p90Ms), ind.timeToOwn.count);
  add('time_to_resolve_hours', 'mean', hours(ind.timeToResolve.meanMs), ind.timeToResolve.count);
  add('time_to_resolve_hours', 'p90', hours(ind.timeToResolve.p90Ms), ind.timeToResolve.count);
  add('vendor_hours', 'mean', hours(ind.vendor.time.meanMs), ind.vendor.time.count);
  add('vendor_hours', 'p90', hours(ind.vendor.time.p90Ms), ind.vendor.time.count);
  add('backlog', 'with_vendor', ind.vendor.holding);
  add('sla_own', 'met', ind.sla.own.num, ind.sla.own.den);
  add('sla_resolve', 'met', ind.sla.resolve.num, ind.sla.resolve.den);
  add('first_time_fix', 'count', ind.firstTimeFix.num, ind.firstTimeFix.den);
  add('reopened', 'count', ind.reopen.num, ind.reopen.den);
  add('escalated', 'all', ind.escalation.overall.num, ind.escalation.overall.den);
  for (const [k, r] of Object.entries(ind.escalation.byLevel)) add('escalated_to_level', k, r.num, r.den);
  for (const c of ind.escalation.byCategory) add('escalated_by_category', c.category ?? '', c.rate.num, c.rate.den);
  for (const c of ind.topCategories) add('top_category', c.key ?? '', c.count);
  for (const a of ind.topAssets) add('top_asset', a.key ?? '', a.count);
  for (const r of ind.recurring) add('recurring_asset', r.asset, r.count);
  add('incidents_caught_by_checks', 'count', ind.caughtByChecks.num, ind.caughtByChecks.den);
  add('change_success', 'count', ind.changes.success.num, ind.changes.success.den);
  add('change_emergency', 'count', ind.changes.emergency.num, ind.changes.emergency.den);
  add('change_rolled_back', 'count', ind.changes.rolledBack.num, ind.changes.rolledBack.den);
  add('change_rolled_back', 'hosts', ind.changes.rolledBackHosts);
  if (filter) {
    const { first, last } = periodDays(filter);
    rows.push(['period', 'first_day', first, null], ['period', 'last_day', last, null]);
  }
  return writeCsv(rows);
}
