import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../../api/client';
import { useShortcuts } from '../../shortcuts';
import { formatShort } from './format';
import { SYNC_SHORTCUT, syncNow, useSyncJob, useSyncStatus } from './use-sync';

function subscribeNetwork(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

/**
 * The status bar's one word on connectivity, from one source (the core's sync status, refreshed on every
 * store change, plus the browser's network flag): local only, no network, hub unreachable, or the hub with
 * the last sync and the events waiting; progress with Cancel while a sync runs.
 */
export function SyncStatusItem() {
  const { t, i18n } = useTranslation();
  const network = useSyncExternalStore(subscribeNetwork, () => navigator.onLine);
  const status = useSyncStatus();
  const s = status.data;
  const job = useSyncJob(s?.jobId ?? null);
  useShortcuts([{ keys: SYNC_SHORTCUT.keys, inFields: true, run: () => void syncNow().catch(() => undefined) }]);
  if (!s) return null;
  if (!s.configured) {
    return (
      <span className="sync-status" data-testid="sync-status" title={t('sync.bar.localOnlyHint')}>
        <span className="dot dot-local" aria-hidden="true" />
        <span>{t('sync.bar.localOnly')}</span>
      </span>
    );
  }
  // No token to sync with (the vault is locked since the start): say so, not "synced".
  const tokenless = s.token === 'locked' || s.token === 'none';
  const reachable = network && s.online !== false && !tokenless;
  const last = s.lastSyncAt ? formatShort(s.lastSyncAt, i18n.language) : t('sync.never');
  return (
    <span className="sync-status" data-testid="sync-status">
      <span className={reachable ? 'dot dot-ok' : 'dot dot-off'} aria-hidden="true" />
      {/* Spaces between the parts, so that the bar reads as words, not "Hubsynced 10:020 waiting". */}
      <span>{!network ? t('sync.bar.networkOff') : tokenless ? t('sync.bar.vaultLocked') : s.online === false ? t('sync.bar.hubOffline') : t('sync.bar.hub')}</span>{' '}
      <span>{t('sync.bar.last', { when: last })}</span>{' '}
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
