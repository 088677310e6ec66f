/**
 * Change figures (ITIL), from the change tickets' events as folded (shared/changes/fold.ts). Definitions:
 * - Population: tickets of kind `change` with a change record, whatever the filter's kinds (changes are
 *   not service tickets), with the filter's team and assignee; read as they stood at asOf.
 * - A change is *implemented* in the period when a rollout of it ended (rollout_ended) in [from, to); its
 *   last such rollout decides. Success: that rollout completed and no host failed its run or verification.
 *   Failed: it stopped, or a host failed. A cancelled rollout where nothing failed is neither.
 * - Success rate: successes / implemented. Emergency share: changes created in the period whose record is
 *   an emergency change / changes created in the period.
 * - Rollbacks: failed changes of the period whose failed rollout had a rollback run by asOf / failed
 *   changes; `rolledBackHosts` counts the hosts those rollbacks ran on.
 */
import { failedHostsOf, type Rollout } from '../changes';
import { hlcWallMs } from '../tickets';
import type { IndicatorTicket } from './facts';
import type { ChangeIndicators } from './model';
import { rate } from './stats';

export function computeChangeIndicators(tickets: readonly IndicatorTicket[], window: { fromMs: number; toMs: number; asOf: number }): ChangeIndicators {
  const { fromMs, toMs, asOf } = window;
  const inPeriod = (ms: number) => ms >= fromMs && ms < toMs;
  let created = 0;
  let emergency = 0;
  let implemented = 0;
  let succeeded = 0;
  let failed = 0;
  let rolledBack = 0;
  let rolledBackHosts = 0;
  for (const ticket of tickets) {
    if (ticket.kind !== 'change' || !ticket.change) continue;
    if (inPeriod(hlcWallMs(ticket.createdAt))) {
      created++;
      if (ticket.change.record.type === 'emergency') emergency++;
    }
    const last = ticket.change.rollouts
      .map((rollout) => rolloutAsOf(rollout, asOf))
      .filter((rollout) => rollout.endedAt !== null && inPeriod(hlcWallMs(rollout.endedAt)))
      .at(-1);
    if (!last) continue;
    implemented++;
    const failedHosts = failedHostsOf(last.results);
    if (last.outcome === 'completed' && failedHosts.length === 0) succeeded++;
    else if (last.outcome === 'stopped' || failedHosts.length > 0) {
      failed++;
      const hosts = new Set(last.results.filter((r) => r.phase === 'rollback').map((r) => r.host));
      if (hosts.size > 0) rolledBack++;
      rolledBackHosts += hosts.size;
    }
  }
  return {
    success: rate(succeeded, implemented),
    emergency: rate(emergency, created),
    rolledBack: rate(rolledBack, failed),
    rolledBackHosts,
  };
}

/** A rollout as it stood at asOf: later results dropped, an end after asOf not yet written. */
function rolloutAsOf(rollout: Rollout, asOf: number): Rollout {
  const ended = rollout.endedAt !== null && hlcWallMs(rollout.endedAt) <= asOf;
  return {
    ...rollout,
    results: rollout.results.filter((r) => hlcWallMs(r.at) <= asOf),
    ...(ended ? {} : { outcome: null, endedAt: null, reason: null }),
  };
}
