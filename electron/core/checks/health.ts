import { diskFullForecast, FLAP_WINDOW, isFlapping, REACH_CHECK } from '../../../shared/checks';
import type { AtRisk, HealthCell, HealthOverview } from '../../../shared/contract/checks';
import type { IncidentKeeper } from './incidents';
import type { StoredPlan } from './plans';
import type { ReadingStore } from './readings';

const DAY_MS = 86_400_000;
/** The forecast looks at this much history, and lists what fills within the horizon. */
export const TREND_WINDOW_MS = 30 * DAY_MS;
export const AT_RISK_HORIZON_DAYS = 90;

/** What the Health view shows: the latest reading per host x check, its incident, and what is at risk. */
export function healthOverview(stored: StoredPlan, readings: ReadingStore, incidents: IncidentKeeper, now: number): HealthOverview {
  const { plan } = stored;
  const known = new Set([REACH_CHECK, ...plan.checks.map((c) => c.id)]);
  const cells: HealthCell[] = readings
    .latest()
    .filter((r) => known.has(r.checkId))
    .map((r) => ({
      host: r.host, checkId: r.checkId, status: r.status, value: r.value, atMs: r.atMs, detail: r.detail, ticketId: incidents.openTicket(r.host, r.checkId),
      flapping: isFlapping(readings.recent(r.host, r.checkId, FLAP_WINDOW).map((x) => x.status)),
    }));
  const hosts = [...new Set(cells.map((c) => c.host))].sort((a, b) => a.localeCompare(b));

  const atRisk: AtRisk[] = cells.filter((c) => c.status === 'fail' || c.status === 'unreachable').map((c) => ({ host: c.host, checkId: c.checkId, daysLeft: null, status: c.status, ticketId: c.ticketId }));
  for (const check of plan.checks.filter((c) => c.trend === 'disk_full')) {
    for (const host of hosts) {
      const forecast = diskFullForecast(readings.metricSeries(host, check.id, now - TREND_WINDOW_MS));
      if (!forecast || forecast.daysLeft > AT_RISK_HORIZON_DAYS) continue;
      const cell = cells.find((c) => c.host === host && c.checkId === check.id);
      if (cell?.status === 'fail') {
        atRisk.find((r) => r.host === host && r.checkId === check.id)!.daysLeft = round(forecast.daysLeft);
        continue;
      }
      atRisk.push({ host, checkId: check.id, daysLeft: round(forecast.daysLeft), status: cell?.status ?? 'pass', ticketId: cell?.ticketId ?? null });
    }
  }
  atRisk.sort((a, b) => (a.daysLeft ?? -1) - (b.daysLeft ?? -1) || a.host.localeCompare(b.host));
  return {
    plan: { id: plan.id, version: plan.version, title: plan.title, enabled: stored.enabled, source: stored.source },
    checks: plan.checks.map((c) => ({ id: c.id, title: c.title, probe: c.probe })),
    hosts,
    cells,
    atRisk,
  };
}

function round(days: number): number {
  return Math.round(days * 10) / 10;
}
