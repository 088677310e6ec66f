import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { useShortcuts } from '../../shortcuts';
import { formatShort } from './format';
import { SYNC_SHORTCUT, syncNow, useSyncJob, useSyncStatus } from './use-sync';

/** The status bar's sync part: hub reachable or not, last sync, events waiting, progress with cancel. */
export function SyncStatusItem() {
  const { t, i18n } = useTranslation();
  const status = useSyncStatus();
  const s = status.data;
  const job = useSyncJob(s?.jobId ?? null);
  useShortcuts([{ keys: SYNC_SHORTCUT.keys, inFields: true, run: () => void syncNow().catch(() => undefined) }]);
  if (!s?.configured) return null;
  const last = s.lastSyncAt ? formatShort(s.lastSyncAt, i18n.language) : t('sync.never');
  return (
    <span className="sync-status" data-testid="sync-status">
      <span className="sep" aria-hidden="true">
        ·
      </span>
      <span className={s.online === false ? 'dot dot-off' : 'dot dot-ok'} aria-hidden="true" />
      <span>{s.online === false ? t('sync.bar.hubOffline') : t('sync.bar.hub')}</span>
      <span>{t('sync.bar.last', { when: last })}</span>
      <span data-testid="sync-bar-waiting">{t('sync.bar.waiting', { count: s.waiting })}</span>
      {job && (
        <>
          <progress value={job.done} max={job.total ?? 1} aria-label={t('sync.progress')} />
          <button type="button" className="link" onClick={() => void client.call('jobs.cancel', { jobId: job.jobId })}>
            {t('common.cancel')}
          </button>
        </>
      )}
    </span>
  );
}
