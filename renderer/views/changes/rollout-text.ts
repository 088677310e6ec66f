import type { TFunction } from 'i18next';
import { failedHostsOf } from '../../../shared/changes';
import type { Ticket } from '../../../shared/tickets';

type Rollout = NonNullable<Ticket['change']>['rollouts'][number];

/** "Completed" only when no host failed; a rollout that ended within its threshold says how many failed. */
export function outcomeText(t: TFunction, rollout: Pick<Rollout, 'outcome' | 'results'>): string {
  const failures = failedHostsOf(rollout.results).length;
  if (rollout.outcome === 'completed' && failures > 0) return t('changes.outcome.completedWithFailures', { count: failures });
  return t(`changes.outcome.${rollout.outcome ?? 'running'}`);
}

/** A rollback is not part of a wave: it runs on demand, after the rollout. */
export function waveText(row: { phase: string; wave: number }): string {
  return row.phase === 'rollback' ? '–' : String(row.wave);
}
