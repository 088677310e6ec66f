import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/client';
import { SyncStatusItem } from '../views/sync/SyncStatusItem';

function subscribeOnline(onChange: () => void): () => void {
  window.addEventListener('online', onChange);
  window.addEventListener('offline', onChange);
  return () => {
    window.removeEventListener('online', onChange);
    window.removeEventListener('offline', onChange);
  };
}

export function StatusBar() {
  const { t } = useTranslation();
  const online = useSyncExternalStore(subscribeOnline, () => navigator.onLine);
  const info = useCall('app.info', {}, { staleTime: Infinity });
  return (
    <footer className="statusbar" role="contentinfo">
      <span className={online ? 'dot dot-ok' : 'dot dot-off'} aria-hidden="true" />
      <span data-testid="network-state">{online ? t('status.online') : t('status.offline')}</span>
      <SyncStatusItem />
      <span className="sep" aria-hidden="true">
        ·
      </span>
      {info.isError ? (
        <span className="status-error">{t('status.coreDown')}</span>
      ) : (
        <span title={info.data?.dataDir}>
          {t('status.dataFolder')}: <code>{info.data?.dataDir ?? '…'}</code>
        </span>
      )}
      <span className="spacer" />
      <span>{info.data ? `Atelier ${info.data.version}` : ''}</span>
    </footer>
  );
}
