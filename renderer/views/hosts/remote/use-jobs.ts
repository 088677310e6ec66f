import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobProgress, LogFetchResult, SftpTransferResult } from '../../../../shared/contract';
import { client, useStream } from '../../../api/client';

export type RemoteJobKind = 'download' | 'upload' | 'logs';

export interface TrackedJob {
  jobId: string;
  kind: RemoteJobKind;
  /** What the job is about: a file name, or the host for logs. */
  subject: string;
  state: JobProgress['state'];
  done: number;
  total?: number;
  message?: string;
  error?: string;
  transfer?: SftpTransferResult;
  logs?: LogFetchResult;
}

const CORE_KINDS: Record<string, RemoteJobKind> = { 'sftp.download': 'download', 'sftp.upload': 'upload', 'logs.fetch': 'logs' };
const MAX_EARLY = 64;

/**
 * The panel's long operations as core jobs: progress from `job.progress`, Cancel with `jobs.cancel`, and
 * the result read once the job is done. Progress that arrives before the call returned its id is kept.
 */
export function useRemoteJobs(onFinished?: (job: TrackedJob) => void) {
  const [jobs, setJobs] = useState<TrackedJob[]>([]);
  const known = useRef(new Set<string>());
  const early = useRef(new Map<string, JobProgress>());
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const latest = useRef(jobs);
  latest.current = jobs;

  const apply = useCallback((progress: JobProgress) => {
    setJobs((list) =>
      list.map((job) => {
        if (job.jobId !== progress.jobId) return job;
        const next: TrackedJob = { ...job, state: progress.state, done: progress.done };
        if (progress.total !== undefined) next.total = progress.total;
        if (progress.message !== undefined) next.message = progress.message;
        if (progress.error !== undefined) next.error = progress.error;
        return next;
      }),
    );
    if (progress.state === 'running') return;
    void (async () => {
      const kind = CORE_KINDS[progress.kind];
      let patch: Partial<TrackedJob> = {};
      if (progress.state === 'done' && kind === 'logs') {
        const logs = await client.call('logs.result', { jobId: progress.jobId }).catch(() => null);
        if (logs) patch = { logs };
      } else if (progress.state === 'done') {
        const transfer = await client.call('sftp.result', { jobId: progress.jobId }).catch(() => null);
        if (transfer) patch = { transfer };
      }
      setJobs((list) => list.map((job) => (job.jobId === progress.jobId ? { ...job, ...patch } : job)));
      const job = latest.current.find((j) => j.jobId === progress.jobId);
      if (job) finished.current?.({ ...job, state: progress.state, ...patch });
    })();
  }, []);

  const onProgress = useCallback(
    (progress: JobProgress) => {
      if (known.current.has(progress.jobId)) return apply(progress);
      if (!(progress.kind in CORE_KINDS)) return;
      early.current.set(progress.jobId, progress);
      if (early.current.size > MAX_EARLY) early.current.delete(early.current.keys().next().value as string);
    },
    [apply],
  );
  useStream('job.progress', onProgress);

  // Transfers started before the panel was (re)opened are still running in the core: show them.
  useEffect(() => {
    void client
      .call('jobs.list', {})
      .then((running) => {
        for (const job of running) {
          const kind = CORE_KINDS[job.kind];
          if (!kind || known.current.has(job.jobId)) continue;
          known.current.add(job.jobId);
          const subject = job.message ?? job.kind;
          setJobs((list) => [...list, { jobId: job.jobId, kind, subject: subject.split('/').pop() ?? subject, state: job.state, done: job.done, ...(job.total !== undefined ? { total: job.total } : {}) }]);
        }
      })
      .catch(() => undefined);
  }, []);

  /** Follows a job the panel just started. */
  const track = useCallback(
    (jobId: string, kind: RemoteJobKind, subject: string) => {
      known.current.add(jobId);
      setJobs((list) => [{ jobId, kind, subject, state: 'running', done: 0 }, ...list]);
      const seen = early.current.get(jobId);
      early.current.delete(jobId);
      if (seen) apply(seen);
    },
    [apply],
  );

  const cancel = useCallback((jobId: string) => void client.call('jobs.cancel', { jobId }).catch(() => undefined), []);
  const dismiss = useCallback((jobId: string) => setJobs((list) => list.filter((job) => job.jobId !== jobId)), []);

  return { jobs, track, cancel, dismiss };
}
