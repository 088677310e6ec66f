import { useTranslation } from 'react-i18next';
import { routeHref } from '../route';
import { SECTIONS, type SectionId } from '../sections';

export function Sidebar({ current, onHelp }: { current: SectionId; onHelp: () => void }) {
  const { t } = useTranslation();
  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
      <ul>
        {SECTIONS.map((section, index) => (
          <li key={section.id}>
            <a
              href={routeHref(section.id)}
              aria-current={section.id === current ? 'page' : undefined}
              aria-keyshortcuts={`G ${section.key.toUpperCase()} Alt+${index + 1}`}
            >
              <span className="nav-icon" aria-hidden="true">
                {section.icon}
              </span>
              <span className="nav-label">{t(`nav.${section.id}`)}</span>
              <kbd className="nav-key" aria-hidden="true">
                g {section.key}
              </kbd>
            </a>
          </li>
        ))}
      </ul>
      <button type="button" className="help-button" onClick={onHelp} aria-keyshortcuts="?">
        {t('shortcuts.hint')}
      </button>
    </nav>
  );
}
