import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../../../../shared/remote/paths';
import type { TrackedJob } from './use-jobs';

/** Running and finished transfers: a progress bar and Cancel while running, where the file went after. */
export function JobList({ jobs, onCancel, onDismiss }: { jobs: readonly TrackedJob[]; onCancel: (jobId: string) => void; onDismiss: (jobId: string) => void }) {
  const { t } = useTranslation();
  if (jobs.length === 0) return null;
  return (
    <ul className="remote-jobs" aria-label={t('remote.jobs.label')}>
      {jobs.map((job) => (
        <JobLine key={job.jobId} job={job} onCancel={onCancel} onDismiss={onDismiss} />
      ))}
    </ul>
  );
}

function JobLine({ job, onCancel, onDismiss }: { job: TrackedJob; onCancel: (jobId: string) => void; onDismiss: (jobId: string) => void }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const what = t(`remote.jobs.${job.kind}`, { name: job.subject, host: job.subject });
  const percent = job.total ? Math.floor((job.done / job.total) * 100) : undefined;
  const saved = job.transfer?.direction === 'download' ? job.transfer.localPath : undefined;
  return (
    <li className={`remote-job remote-job-${job.state}`} data-testid="remote-job">
      <span className="remote-job-what">{what}</span>
      {job.state === 'running' && (
        <>
          <progress max={job.total ?? undefined} value={job.total ? job.done : undefined} aria-label={t('remote.jobs.progress', { what })} />
          <span className="small muted" role="status">
            {job.kind === 'logs' ? (job.message ?? '') : job.total ? `${percent}% · ${formatBytes(job.done)} / ${formatBytes(job.total)}` : formatBytes(job.done)}
          </span>
          <button type="button" onClick={() => onCancel(job.jobId)}>
            {t('remote.jobs.cancel')}
            <span className="sr-only"> {what}</span>
          </button>
        </>
      )}
      {job.state === 'done' && saved && (
        <span role="status">
          {t('remote.jobs.saved', { path: saved })}
          {job.transfer?.attachedTo && ` · ${t('remote.jobs.attached')}`}
          {job.transfer?.attachNote && <span className="muted"> · {job.transfer.attachNote}</span>}{' '}
          <button
            type="button"
            className="link-button"
            onClick={() =>
              void navigator.clipboard
                ?.writeText(saved)
                .then(() => setCopied(true))
                .catch(() => undefined)
            }
          >
            {copied ? t('remote.jobs.copied') : t('remote.jobs.copyPath')}
          </button>
        </span>
      )}
      {job.state === 'done' && job.transfer?.direction === 'upload' && <span role="status">{t('remote.jobs.uploaded', { path: job.transfer.remotePath, size: formatBytes(job.transfer.bytes) })}</span>}
      {job.state === 'done' && job.logs && (
        <span role="status">{t('remote.jobs.logsDone', { attached: job.logs.items.filter((i) => i.status === 'attached').length, count: job.logs.items.length })}</span>
      )}
      {job.state === 'cancelled' && <span role="status">{t('remote.jobs.cancelled')}</span>}
      {job.state === 'failed' && (
        <span className="field-error" role="alert">
          {t('remote.jobs.failed')} {job.error}
        </span>
      )}
      {job.state !== 'running' && (
        <button type="button" className="link-button" onClick={() => onDismiss(job.jobId)}>
          {t('remote.jobs.dismiss')}
          <span className="sr-only"> {what}</span>
        </button>
      )}
    </li>
  );
}
