import { type JobProgress } from '../../shared/contract';
import type { StreamBus } from './streams';
export interface JobContext {
    readonly signal: AbortSignal;
    /** Report progress; cheap to call often (emissions are throttled). */
    progress(done: number, total?: number, message?: string): void;
    /** Throws `cancelled` when the job was cancelled; call between units of work. */
    throwIfCancelled(): void;
}
/** Runs long operations as jobs: progress on the `job.progress` stream, cancellation by id. */
export declare class JobRunner {
    private readonly bus;
    private readonly running;
    constructor(bus: StreamBus);
    start<T>(kind: string, work: (ctx: JobContext) => Promise<T>): {
        jobId: string;
        result: Promise<T>;
    };
    cancel(jobId: string): boolean;
    list(): JobProgress[];
}
