import { useTranslation } from 'react-i18next';
import type { SectionId } from '../sections';

/** A section whose feature has not landed yet says what will come, not lorem ipsum. */
export function EmptySection({ section }: { section: Exclude<SectionId, 'settings'> }) {
  const { t } = useTranslation();
  return (
    <section className="view" aria-labelledby="view-title">
      <header className="view-header">
        <h1 id="view-title">{t(`nav.${section}`)}</h1>
      </header>
      <div className="empty-state">
        <p className="badge">{t('empty.soon')}</p>
        <p>{t(`empty.${section}`)}</p>
      </div>
    </section>
  );
}
