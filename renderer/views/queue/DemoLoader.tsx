import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JobProgress } from '../../../shared/contract';
import { client, useStream } from '../../api/client';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Offered on an empty store: loads the demo workspace as a job, with progress and cancel. */
export function DemoLoader() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [job, setJob] = useState<JobProgress | null>(null);
  const [error, setError] = useState<unknown>(null);
  useStream(
    'job.progress',
    useCallback(
      (progress: JobProgress) => {
        setJob((current) => (current && current.jobId === progress.jobId ? progress : current));
        if (progress.kind === 'demo' && progress.state !== 'running') void queries.invalidateQueries();
      },
      [queries],
    ),
  );
  const start = async () => {
    setError(null);
    try {
      const { jobId } = await client.call('tickets.seedDemo', { count: 300, seed: 42 });
      setJob({ jobId, kind: 'demo', state: 'running', done: 0 });
    } catch (e) {
      setError(e);
    }
  };
  const running = job?.state === 'running';
  return (
    <div className="empty-state demo">
      <p>{t('tickets.emptyStore')}</p>
      {error !== null && <ErrorNotice error={error} />}
      {running ? (
        <div className="progress-line">
          <progress value={job.done} max={job.total ?? 300} aria-label={t('tickets.loadDemo')} />
          <span role="status">{t('tickets.loadingDemo', { done: job.done, total: job.total ?? 300 })}</span>
          <button type="button" onClick={() => void client.call('jobs.cancel', { jobId: job.jobId })}>
            {t('common.cancel')}
          </button>
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => void start()}>
          {t('tickets.loadDemo')}
        </button>
      )}
    </div>
  );
}
