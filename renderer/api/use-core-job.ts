import { useCallback, useRef, useState } from 'react';
import type { JobProgress } from '../../shared/contract';
import { client, useStream } from './client';

export type CoreJobState =
  | { state: 'idle' }
  | { state: 'running'; jobId?: string; done: number; total?: number; message?: string }
  | { state: 'failed'; error: unknown }
  | { state: 'cancelled' };

/**
 * Follows one core job started by `begin` (a call that answers with its id): its progress from the
 * `job.progress` stream, Cancel, and `onDone` once it has ended well. `failure` words a failure the core
 * gave no reason for.
 */
export function useCoreJob(begin: () => Promise<{ jobId: string }>, onDone: () => void, failure: string) {
  const [job, setJob] = useState<CoreJobState>({ state: 'idle' });
  const current = useRef<string | undefined>(undefined);
  const waiting = useRef(false);
  // A fast job can end before its id comes back from the call: keep the endings seen meanwhile.
  const early = useRef(new Map<string, JobProgress>());

  const finish = useCallback(
    (progress: JobProgress) => {
      current.current = undefined;
      if (progress.state === 'done') {
        setJob({ state: 'idle' });
        onDone();
      } else if (progress.state === 'cancelled') setJob({ state: 'cancelled' });
      else setJob({ state: 'failed', error: new Error(progress.error ?? failure) });
    },
    [onDone, failure],
  );

  useStream(
    'job.progress',
    useCallback(
      (progress: JobProgress) => {
        if (progress.jobId !== current.current) {
          if (waiting.current && progress.state !== 'running') early.current.set(progress.jobId, progress);
          return;
        }
        if (progress.state !== 'running') return finish(progress);
        setJob({
          state: 'running',
          jobId: progress.jobId,
          done: progress.done,
          ...(progress.total ? { total: progress.total } : {}),
          ...(progress.message ? { message: progress.message } : {}),
        });
      },
      [finish],
    ),
  );

  const start = useCallback(async () => {
    if (current.current || waiting.current) return;
    setJob({ state: 'running', done: 0 });
    waiting.current = true;
    try {
      const { jobId } = await begin();
      const ended = early.current.get(jobId);
      if (ended) return finish(ended);
      current.current = jobId;
      setJob((j) => (j.state === 'running' ? { ...j, jobId } : j));
    } catch (error) {
      setJob({ state: 'failed', error });
    } finally {
      waiting.current = false;
      early.current.clear();
    }
  }, [begin, finish]);

  const cancel = useCallback(() => {
    if (current.current) void client.call('jobs.cancel', { jobId: current.current });
  }, []);

  return { job, start, cancel, reset: () => setJob({ state: 'idle' }) };
}
