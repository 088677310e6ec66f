/**
 * The order of a rollout: one canary host first (the first host that actually runs), then waves of
 * `waveSize` hosts at once. It stops when the canary fails or when the failures pass `failureThreshold`;
 * a cancel stops it too. The hosts it never reached are reported through `skip` with why.
 */
import type { HostOutcome, RolloutOutcome, RolloutPhase } from './state';

export interface RolloutVerdict {
  outcome: RolloutOutcome;
  reason: string | null;
  /** Hosts that ran (succeeded or failed). */
  done: number;
  failed: string[];
}

export async function planWaves(
  hosts: readonly string[],
  settings: { waveSize: number; failureThreshold: number },
  signal: { readonly aborted: boolean },
  run: (host: string, wave: number) => Promise<HostOutcome>,
  skip: (host: string, wave: number, reason: string) => void,
): Promise<RolloutVerdict> {
  const queue = [...hosts];
  const failed: string[] = [];
  let done = 0;
  let wave = 0;
  let stop: { outcome: RolloutOutcome; reason: string } | null = null;
  while (queue.length > 0 && stop === null) {
    if (signal.aborted) {
      stop = { outcome: 'cancelled', reason: 'cancelled by the technician' };
      break;
    }
    const canary = done === 0;
    const batch = queue.splice(0, canary ? 1 : settings.waveSize);
    const outcomes = await Promise.all(batch.map((host) => run(host, wave)));
    outcomes.forEach((outcome, i) => {
      if (outcome === 'succeeded' || outcome === 'failed') done += 1;
      if (outcome === 'failed') failed.push(batch[i] as string);
    });
    if (signal.aborted || outcomes.includes('cancelled')) stop = { outcome: 'cancelled', reason: 'cancelled by the technician' };
    else if (canary && outcomes[0] === 'failed') stop = { outcome: 'stopped', reason: `the canary host ${batch[0]} failed` };
    else if (failed.length > settings.failureThreshold) {
      stop = { outcome: 'stopped', reason: `${failed.length} host(s) failed, more than the threshold of ${settings.failureThreshold}` };
    }
    wave += 1;
  }
  for (const host of queue) skip(host, wave, stop?.outcome === 'cancelled' ? 'the rollout was cancelled before this host ran' : `the rollout stopped before this host: ${stop?.reason ?? ''}`);
  // A rollout where no host could run (all unreachable, say) did nothing: it did not complete.
  if (stop === null && done === 0) stop = { outcome: 'stopped', reason: 'no host could run the procedure: see each host\'s reason' };
  return { outcome: stop?.outcome ?? 'completed', reason: stop?.reason ?? null, done, failed };
}

/** Hosts whose run or verification failed in a rollout: the ones a rollback is for (a rollback never clears them). */
export function failedHostsOf(results: readonly { host: string; phase: RolloutPhase; outcome: HostOutcome }[]): string[] {
  const failed = new Set<string>();
  for (const r of results) if (r.phase !== 'rollback' && r.outcome === 'failed') failed.add(r.host);
  return [...failed];
}
