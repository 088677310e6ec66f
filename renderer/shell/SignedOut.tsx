import { useTranslation } from 'react-i18next';

/** Serve mode without a session: the page says how to get one, and shows nothing of the store. */
export function SignedOut() {
  const { t } = useTranslation();
  return (
    <main className="signed-out" aria-labelledby="view-title">
      <h1 id="view-title">{t('signedOut.title')}</h1>
      <p>{t('signedOut.body')}</p>
    </main>
  );
}
