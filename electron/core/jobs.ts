import { randomUUID } from 'node:crypto';
import { AtelierError, type JobProgress } from '../../shared/contract';
import type { StreamBus } from './streams';

export interface JobContext {
  readonly signal: AbortSignal;
  /** Report progress; cheap to call often (emissions are throttled). */
  progress(done: number, total?: number, message?: string): void;
  /** Throws `cancelled` when the job was cancelled; call between units of work. */
  throwIfCancelled(): void;
}

const EMIT_EVERY_MS = 100;

/** Runs long operations as jobs: progress on the `job.progress` stream, cancellation by id. */
export class JobRunner {
  private readonly running = new Map<string, { controller: AbortController; progress: JobProgress }>();

  constructor(private readonly bus: StreamBus) {}

  start<T>(kind: string, work: (ctx: JobContext) => Promise<T>): { jobId: string; result: Promise<T> } {
    const jobId = randomUUID();
    const controller = new AbortController();
    const state: JobProgress = { jobId, kind, state: 'running', done: 0 };
    this.running.set(jobId, { controller, progress: state });
    let lastEmit = 0;
    const emit = (force: boolean) => {
      const now = Date.now();
      if (!force && now - lastEmit < EMIT_EVERY_MS) return;
      lastEmit = now;
      this.bus.emit('job.progress', { ...state });
    };
    emit(true);
    const ctx: JobContext = {
      signal: controller.signal,
      progress(done, total, message) {
        state.done = done;
        if (total !== undefined) state.total = total;
        if (message !== undefined) state.message = message;
        emit(false);
      },
      throwIfCancelled() {
        if (controller.signal.aborted) throw new AtelierError('cancelled', `${kind} was cancelled`);
      },
    };
    const result = (async () => {
      try {
        const value = await work(ctx);
        state.state = controller.signal.aborted ? 'cancelled' : 'done';
        return value;
      } catch (error) {
        const cancelled = controller.signal.aborted || (error instanceof AtelierError && error.code === 'cancelled');
        state.state = cancelled ? 'cancelled' : 'failed';
        state.error = error instanceof Error ? error.message : String(error);
        throw error;
      } finally {
        this.running.delete(jobId);
        emit(true);
      }
    })();
    // The caller may only watch the stream; an unobserved failure must not crash the process.
    result.catch(() => undefined);
    return { jobId, result };
  }

  cancel(jobId: string): boolean {
    const job = this.running.get(jobId);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  list(): JobProgress[] {
    return [...this.running.values()].map((job) => ({ ...job.progress }));
  }
}
