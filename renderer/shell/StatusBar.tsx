import { useTranslation } from 'react-i18next';
import { useCall } from '../api/client';
import { SyncStatusItem } from '../views/sync/SyncStatusItem';

export function StatusBar() {
  const { t } = useTranslation();
  const info = useCall('app.info', {}, { staleTime: Infinity });
  const settings = useCall('settings.get', {});
  const level = settings.data?.level;
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
      {info.data && (
        <span data-testid="signed-as">
          {t('status.signedAs', { name: info.data.actor })}
          {level ? ` · ${level}` : ''}
        </span>
      )}
      <span className="sep" aria-hidden="true">
        ·
      </span>
      <span>{info.data ? `Atelier ${info.data.version}` : ''}</span>
    </footer>
  );
}
