import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoreState } from '../../shared/contract';
import { client } from '../api/client';
import { ErrorNotice } from './ErrorNotice';

/**
 * Shown instead of the app while the store waits for the user: an empty (0-byte) store file is kept aside and a
 * new store started only when they say so; "Check again" reopens after they restored a backup.
 */
export function StoreNotice({ store, onReady }: { store: Extract<StoreState, { state: 'empty' }>; onReady: () => void }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  const startFresh = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await client.call('store.startFresh', {});
      onReady();
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <main className="store-notice" aria-labelledby="store-notice-title">
      <section className="dialog" role="alertdialog" aria-labelledby="store-notice-title" aria-describedby="store-notice-body">
        <h1 id="store-notice-title" ref={heading} tabIndex={-1}>
          {t('store.emptyTitle')}
        </h1>
        <p id="store-notice-body">{t('store.emptyBody', { file: store.file })}</p>
        <p>{t('store.emptyChoice')}</p>
        {error !== undefined && <ErrorNotice error={error} />}
        <div className="dialog-buttons">
          <button type="button" onClick={() => window.location.reload()} disabled={busy}>
            {t('store.checkAgain')}
          </button>
          <button type="button" className="primary" onClick={() => void startFresh()} disabled={busy}>
            {busy ? t('store.starting') : t('store.startFresh')}
          </button>
        </div>
      </section>
    </main>
  );
}
