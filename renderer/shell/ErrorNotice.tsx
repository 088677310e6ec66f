import { useTranslation } from 'react-i18next';
import { AtelierError } from '../../shared/contract';

/** A core error as the user sees it: what kind, the message, and where in the input when known. */
export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const known = error instanceof AtelierError ? error : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{known ? t(`errors.${known.code}`) : t('errors.title')}</strong>
      <span> {error instanceof Error ? error.message : String(error)}</span>
    </div>
  );
}
