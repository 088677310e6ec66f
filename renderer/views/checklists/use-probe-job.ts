import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { JobProgress } from '../../../shared/contract';
import { client, useStream } from '../../api/client';

export type ProbeJobState =
  | { state: 'idle' }
  | { state: 'running'; jobId?: string; message?: string }
  | { state: 'failed'; error: unknown }
  | { state: 'cancelled' };

/**
 * Runs the run's current probe step as a core job: a spinner while it runs, Cancel, and a refresh of the
 * run (the reading is recorded as a ticket event by the core) when it ends.
 */
export function useProbeJob(ticketId: string, runId: string) {
  const queries = useQueryClient();
  const [job, setJob] = useState<ProbeJobState>({ state: 'idle' });
  const current = useRef<string | undefined>(undefined);
  const waiting = useRef(false);
  // A fast job can end before its id comes back from the call: keep endings seen while waiting for it.
  const early = useRef(new Map<string, JobProgress>());

  const finish = useCallback(
    (progress: JobProgress) => {
      current.current = undefined;
      if (progress.state === 'done') {
        setJob({ state: 'idle' });
        void Promise.all(['checklists.run', 'checklists.runs', 'tickets.get'].map((key) => queries.invalidateQueries({ queryKey: [key] })));
      } else if (progress.state === 'cancelled') setJob({ state: 'cancelled' });
      else setJob({ state: 'failed', error: new Error(progress.error ?? 'the check failed') });
    },
    [queries],
  );

  const onProgress = useCallback(
    (progress: JobProgress) => {
      if (progress.jobId === current.current) {
        if (progress.state === 'running') setJob({ state: 'running', jobId: progress.jobId, ...(progress.message ? { message: progress.message } : {}) });
        else finish(progress);
      } else if (waiting.current && progress.state !== 'running') early.current.set(progress.jobId, progress);
    },
    [finish],
  );
  useStream('job.progress', onProgress);

  const start = async () => {
    if (job.state === 'running') return;
    setJob({ state: 'running' });
    early.current.clear();
    waiting.current = true;
    try {
      const { jobId } = await client.call('checklists.runProbe', { ticketId, runId });
      current.current = jobId;
      const ended = early.current.get(jobId);
      if (ended) finish(ended);
      else setJob({ state: 'running', jobId });
    } catch (error) {
      setJob({ state: 'failed', error });
    } finally {
      waiting.current = false;
      early.current.clear();
    }
  };

  const cancel = () => {
    if (job.state === 'running' && job.jobId) void client.call('jobs.cancel', { jobId: job.jobId });
  };

  return { job, start, cancel, reset: () => setJob({ state: 'idle' }) };
}
