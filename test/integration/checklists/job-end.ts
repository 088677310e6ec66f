import type { Core } from '../../../electron/core';
import type { JobProgress } from '../../../shared/contract';

/** Waits for a job's final progress message (bounded). */
export function jobEnd(target: Core, jobId: string, timeoutMs = 30_000): Promise<JobProgress> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`job ${jobId} did not end within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = target.bus.subscribe((message) => {
      if (message.stream !== 'job.progress' || message.payload.jobId !== jobId || message.payload.state === 'running') return;
      clearTimeout(timer);
      stop();
      resolve(message.payload);
    });
  });
}
