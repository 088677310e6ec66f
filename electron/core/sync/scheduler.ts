import { AtelierError } from '../../../shared/contract/errors';
import type { JobContext, JobRunner } from '../jobs';
import { HubRequestError } from './hub-client';

export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000 };

/**
 * Delay before retry n (1-based): exponential, capped, with "equal jitter" (half fixed, half random) so
 * a team's devices that failed together (hub restart) do not come back together.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export interface SchedulerState {
  online: boolean | null;
  syncing: boolean;
  jobId: string | null;
  nextAttemptAt: number | null;
  failures: number;
}

export interface SchedulerOptions {
  jobs: JobRunner;
  run: (ctx: JobContext) => Promise<unknown>;
  /** Whether a hub is set (no background attempts otherwise). */
  configured: () => boolean;
  onError: (error: unknown) => void;
  onChange: () => void;
  intervalMs?: number;
  backoff?: BackoffOptions;
  random?: () => number;
}

/**
 * Background sync: a round every `intervalMs` while the hub answers, retries with backoff when it does
 * not, and "sync now" at any time (it joins a running round instead of starting a second one).
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: { jobId: string; result: Promise<unknown> } | undefined;
  private stopped = false;
  readonly state: SchedulerState = { online: null, syncing: false, jobId: null, nextAttemptAt: null, failures: 0 };

  constructor(private readonly options: SchedulerOptions) {}

  /** Starts background rounds (the first one soon). */
  start(firstDelayMs = 1_000): void {
    this.stopped = false;
    if (this.options.configured()) this.schedule(firstDelayMs);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer();
  }

  /** A round now (or the running one). */
  syncNow(): { jobId: string; result: Promise<unknown> } {
    if (this.running) return this.running;
    if (!this.options.configured()) throw new AtelierError('unavailable', 'no hub is set: add its address and token in Settings');
    this.clearTimer();
    const started = this.options.jobs.start('sync', (ctx) => this.options.run(ctx));
    this.running = started;
    Object.assign(this.state, { syncing: true, jobId: started.jobId, nextAttemptAt: null });
    this.options.onChange();
    started.result.then(
      () => this.finished(null),
      (error: unknown) => this.finished(error),
    );
    return started;
  }

  private finished(error: unknown): void {
    this.running = undefined;
    this.state.syncing = false;
    this.state.jobId = null;
    if (error === null) {
      this.state.online = true;
      this.state.failures = 0;
      if (!this.stopped) this.schedule(this.options.intervalMs ?? 30_000);
    } else {
      const cancelled = error instanceof AtelierError && error.code === 'cancelled';
      if (!cancelled) {
        this.options.onError(error);
        this.state.failures++;
      }
      // A refusal (bad token, ...) is not the network: the hub answered.
      this.state.online = error instanceof HubRequestError ? error.hubCode !== 'network' : this.state.online;
      const retryAfter = error instanceof HubRequestError ? (error.retryAfterMs ?? 0) : 0;
      const delay = cancelled ? (this.options.intervalMs ?? 30_000) : Math.max(retryAfter, backoffDelay(this.state.failures, this.options.backoff, this.options.random));
      if (!this.stopped && this.options.configured()) this.schedule(delay);
    }
    this.options.onChange();
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.state.nextAttemptAt = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped || !this.options.configured()) return;
      try {
        this.syncNow();
      } catch {
        // not configured any more
      }
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.state.nextAttemptAt = null;
  }
}
