import { diskFullForecast, FLAP_WINDOW, isFlapping, REACH_CHECK } from '../../../shared/checks';
import type { AtRisk, HealthCell, HealthOverview } from '../../../shared/contract/checks';
import type { IncidentKeeper } from './incidents';
import type { StoredPlan } from './plans';
import type { ReadingStore, StoredReading } from './readings';
import { retryAt } from './schedule';
import { appliesTo, type CheckHost } from './targets';

const DAY_MS = 86_400_000;
/** The forecast looks at this much history, and lists what fills within the horizon. */
export const TREND_WINDOW_MS = 30 * DAY_MS;
export const AT_RISK_HORIZON_DAYS = 90;
/** Readings drawn in a check's sparkline. */
export const SPARK_POINTS = 20;

const numeric = (value: string | null): number | null => {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
};

/** Failing now, then flapping (it fails again any time), then the forecasts, soonest first. */
const riskRank = (r: AtRisk): number => (r.status === 'fail' || r.status === 'unreachable' ? 0 : r.daysLeft === null ? 1 : 2);

/** What the Health view shows: the latest reading per host x check, its incident, and what is at risk. */
export function healthOverview(stored: Pick<StoredPlan, 'plan' | 'source' | 'enabled'>, readings: ReadingStore, incidents: IncidentKeeper, now: number, book: readonly CheckHost[] = []): HealthOverview {
  const { plan } = stored;
  const known = new Set([REACH_CHECK, ...plan.checks.map((c) => c.id)]);
  const byName = new Map(book.map((h) => [h.name, h]));
  const nextTry = (r: StoredReading): number | null => {
    if (r.checkId !== REACH_CHECK || r.status !== 'unreachable') return null;
    const host = byName.get(r.host);
    return retryAt(readings, r.host, host ? plan.checks.filter((c) => appliesTo(c, host)) : plan.checks);
  };
  const cells: HealthCell[] = readings
    .latest()
    .filter((r) => known.has(r.checkId))
    .map((r) => {
      const history = readings.recent(r.host, r.checkId, Math.max(FLAP_WINDOW, SPARK_POINTS));
      return {
        host: r.host, checkId: r.checkId, status: r.status, value: r.value, atMs: r.atMs, detail: r.detail, ticketId: incidents.openTicket(r.host, r.checkId),
        flapping: isFlapping(history.slice(0, FLAP_WINDOW).map((x) => x.status)),
        nextTryMs: nextTry(r),
        recent: history.slice(0, SPARK_POINTS).reverse().map((x) => ({ atMs: x.atMs, status: x.status, value: numeric(x.value) })),
      };
    });
  const hosts = [...new Set(cells.map((c) => c.host))].sort((a, b) => a.localeCompare(b));
  const hostInfo = hosts.map((name) => ({ name, site: byName.get(name)?.site ?? null, tags: [...(byName.get(name)?.tags ?? [])] }));

  const risk = (c: HealthCell, daysLeft: number | null): AtRisk => ({ host: c.host, checkId: c.checkId, daysLeft, status: c.status, ticketId: c.ticketId, flapping: c.flapping, nextTryMs: c.nextTryMs });
  const atRisk: AtRisk[] = cells.filter((c) => c.status === 'fail' || c.status === 'unreachable' || c.flapping).map((c) => risk(c, null));
  for (const check of plan.checks.filter((c) => c.trend === 'disk_full')) {
    for (const host of hosts) {
      const forecast = diskFullForecast(readings.metricSeries(host, check.id, now - TREND_WINDOW_MS));
      if (!forecast || forecast.daysLeft > AT_RISK_HORIZON_DAYS) continue;
      const listed = atRisk.find((r) => r.host === host && r.checkId === check.id);
      if (listed) {
        listed.daysLeft = round(forecast.daysLeft);
        continue;
      }
      const cell = cells.find((c) => c.host === host && c.checkId === check.id);
      atRisk.push({ host, checkId: check.id, daysLeft: round(forecast.daysLeft), status: cell?.status ?? 'pass', ticketId: cell?.ticketId ?? null, flapping: false, nextTryMs: null });
    }
  }
  atRisk.sort((a, b) => riskRank(a) - riskRank(b) || (a.daysLeft ?? -1) - (b.daysLeft ?? -1) || a.host.localeCompare(b.host));
  return {
    plan: { id: plan.id, version: plan.version, title: plan.title, enabled: stored.enabled, source: stored.source },
    checks: plan.checks.map((c) => ({ id: c.id, title: c.title, probe: c.probe })),
    hosts,
    hostInfo,
    cells,
    atRisk,
  };
}

function round(days: number): number {
  return Math.round(days * 10) / 10;
}
