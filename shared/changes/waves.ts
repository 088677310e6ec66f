/**
 * The order of a rollout: one canary host first (the first host that actually runs), alone; then the other
 * hosts in order, at most `waveSize` at once: a host starts as soon as another one ends, as long as the
 * failures stay within `failureThreshold`. So no more hosts are ever exposed than with waves run one after
 * the other (at most `waveSize` in flight when a failure is seen), but one slow host holds no one up.
 * A host's `wave` is its batch of `waveSize` in that order (the canary is wave 0).
 * It stops when the canary fails or when the failures pass the threshold: the hosts still running end,
 * the ones not started are skipped through `skip` with why. A cancel stops it too (the caller signals the
 * running commands). `prepare` is told, ahead of time, the hosts about to start (to connect them early).
 */
import type { HostOutcome, RolloutOutcome, RolloutPhase } from './state';

export interface RolloutVerdict {
  outcome: RolloutOutcome;
  reason: string | null;
  /** Hosts that ran (succeeded or failed). */
  done: number;
  failed: string[];
}

interface Stop {
  outcome: RolloutOutcome;
  reason: string;
}

/** Hosts prepared ahead of their turn, at most: wide rollouts do not hold hundreds of idle connections. */
export const MAX_PREPARED_AHEAD = 32;

const CANCELLED: Stop = { outcome: 'cancelled', reason: 'cancelled by the technician' };

export async function planWaves(
  hosts: readonly string[],
  settings: { waveSize: number; failureThreshold: number },
  signal: { readonly aborted: boolean },
  run: (host: string, wave: number) => Promise<HostOutcome>,
  skip: (host: string, wave: number, reason: string) => void,
  prepare: (host: string) => void = () => undefined,
): Promise<RolloutVerdict> {
  const width = Math.max(1, settings.waveSize);
  const ahead = Math.min(width, MAX_PREPARED_AHEAD);
  const failed: string[] = [];
  let done = 0;
  let next = 0;
  let prepared = 0;
  let stop: Stop | null = null;
  const prepareUpTo = (end: number) => {
    for (; prepared < Math.min(end, hosts.length); prepared++) prepare(hosts[prepared] as string);
  };

  // The canary, alone: until one host has actually run (an unreachable one hands the role to the next).
  while (next < hosts.length && done === 0 && stop === null) {
    if (signal.aborted) {
      stop = CANCELLED;
      break;
    }
    const host = hosts[next++] as string;
    prepareUpTo(next + ahead);
    const outcome = await run(host, 0);
    if (outcome === 'succeeded' || outcome === 'failed') done += 1;
    if (signal.aborted || outcome === 'cancelled') stop = CANCELLED;
    else if (outcome === 'failed') {
      failed.push(host);
      stop = { outcome: 'stopped', reason: `the canary host ${host} failed` };
    }
  }

  const first = next;
  const waveOf = (index: number) => 1 + Math.floor((index - first) / width);
  if (stop === null && next < hosts.length) stop = await slide();

  for (let i = next; i < hosts.length; i++) {
    skip(hosts[i] as string, waveOf(i), stop?.outcome === 'cancelled' ? 'the rollout was cancelled before this host ran' : `the rollout stopped before this host: ${stop?.reason ?? ''}`);
  }
  // A rollout where no host could run (all unreachable, say) did nothing: it did not complete.
  if (stop === null && done === 0) stop = { outcome: 'stopped', reason: "no host could run the procedure: see each host's reason" };
  return { outcome: stop?.outcome ?? 'completed', reason: stop?.reason ?? null, done, failed };

  /** The hosts after the canary, `width` at a time; resolves with why it stopped (null: all ran). */
  function slide(): Promise<Stop | null> {
    return new Promise((resolve, reject) => {
      let running = 0;
      let halt: Stop | null = null;
      let error: { cause: unknown } | null = null;
      const launch = () => {
        while (halt === null && error === null && running < width && next < hosts.length) {
          if (signal.aborted) {
            halt = CANCELLED;
            break;
          }
          const index = next++;
          const host = hosts[index] as string;
          prepareUpTo(next + ahead);
          running += 1;
          run(host, waveOf(index)).then(
            (outcome) => settle(host, outcome),
            (cause: unknown) => {
              error ??= { cause };
              settle(host, null);
            },
          );
        }
        if (running > 0) return;
        if (error) reject(error.cause);
        else resolve(halt);
      };
      const settle = (host: string, outcome: HostOutcome | null) => {
        running -= 1;
        if (outcome === 'succeeded' || outcome === 'failed') done += 1;
        if (outcome === 'failed') failed.push(host);
        if (halt === null) {
          if (signal.aborted || outcome === 'cancelled') halt = CANCELLED;
          else if (failed.length > settings.failureThreshold) {
            halt = { outcome: 'stopped', reason: `${failed.length} host(s) failed, more than the threshold of ${settings.failureThreshold}` };
          }
        }
        launch();
      };
      launch();
    });
  }
}

/** Hosts whose run or verification failed in a rollout: the ones a rollback is for (a rollback never clears them). */
export function failedHostsOf(results: readonly { host: string; phase: RolloutPhase; outcome: HostOutcome }[]): string[] {
  const failed = new Set<string>();
  for (const r of results) if (r.phase !== 'rollback' && r.outcome === 'failed') failed.add(r.host);
  return [...failed];
}
