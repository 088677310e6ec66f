import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BlobRefInput } from '../../../shared/contract';
import { client, useCall } from '../../api/client';
import { useCoreJob } from '../../api/use-core-job';
import { formatMegabytes as megabytes } from '../../format';
import { ErrorNotice } from '../../shell/ErrorNotice';

type Ref = BlobRefInput;

/** Fetching a content from the hub as a core job: progress in bytes, Cancel; `onDone` once it is here. */
function useFetchJob(ref: Ref, onDone: () => void) {
  const begin = useCallback(() => client.call('blobs.fetch', ref), [ref]);
  return useCoreJob(begin, onDone, 'the download failed');
}

/**
 * Shows `children` once the content is on this device. Otherwise says where it is: on the hub (fetched at
 * once when `auto`, with progress and Cancel), or still on the device that made it (named) — never "not found".
 */
export function BlobGate({ blob, name, auto = false, children }: { blob: Ref; name: string; auto?: boolean; children: () => ReactNode }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const state = useCall('blobs.state', blob, { staleTime: 0 });
  const refresh = useCallback(() => void queries.invalidateQueries({ queryKey: ['blobs.state'] }), [queries]);
  const { job, start, cancel } = useFetchJob(blob, refresh);
  const where = state.data;
  const started = useRef(false);
  useEffect(() => {
    if (auto && where?.state === 'hub' && job.state === 'idle' && !started.current) {
      started.current = true;
      void start();
    }
  }, [auto, where, job.state, start]);

  if (where?.state === 'local') return <>{children()}</>;
  if (state.error) return <ErrorNotice error={state.error} />;
  if (!where) return <p className="muted">{t('common.loading')}</p>;
  if (job.state === 'running') {
    return (
      <div className="blob-fetch progress-line" role="status" data-testid="blob-progress">
        <progress value={job.done} max={job.total ?? undefined} aria-label={t('blobs.fetchingLabel', { name })} />
        <span>{t('blobs.fetching', { name, done: megabytes(job.done), total: job.total ? megabytes(job.total) : '?' })}</span>
        <button type="button" onClick={cancel} disabled={!job.jobId}>
          {t('blobs.cancel')}
        </button>
      </div>
    );
  }
  const from = where.state === 'hub' ? undefined : (where.from ?? t('blobs.someone'));
  return (
    <div className="blob-fetch" data-testid="blob-state">
      {job.state === 'failed' && <ErrorNotice error={job.error} />}
      {job.state === 'cancelled' && <p className="muted">{t('blobs.cancelled', { name })}</p>}
      {where.state === 'hub' && (
        <p>
          {t('blobs.onHub', { name, size: megabytes(where.size) })}{' '}
          <button type="button" onClick={() => void start()}>
            {job.state === 'idle' ? t('blobs.fetch') : t('blobs.retry')}
          </button>
        </p>
      )}
      {where.state === 'waiting' && <p className="notice">{t('blobs.waiting', { name, from })}</p>}
      {where.state === 'offline' && <p className="notice">{t('blobs.offline', { name, from })}</p>}
      {where.state === 'no_hub' && <p className="notice">{t('blobs.noHub', { name, from })}</p>}
      {where.state !== 'hub' && (
        <button type="button" className="link-button" onClick={refresh}>
          {t('blobs.check')}
        </button>
      )}
    </div>
  );
}
