import { useTranslation } from 'react-i18next';
import { useCall } from '../api/client';
import { SyncStatusItem } from '../views/sync/SyncStatusItem';

export function StatusBar() {
  const { t } = useTranslation();
  const info = useCall('app.info', {}, { staleTime: Infinity });
  return (
    <footer className="statusbar" role="contentinfo">
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
