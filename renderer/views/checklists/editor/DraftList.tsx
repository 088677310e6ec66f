import { useTranslation } from 'react-i18next';
import { useCall } from '../../../api/client';
import { formatDateTime } from '../../../format';
import { navigate } from '../../../route';
import { ErrorNotice } from '../../../shell/ErrorNotice';
import { loc, useLang } from '../texts';

/** Open drafts (N2/N3 only): each opens in the editor. */
export function DraftList() {
  const { t } = useTranslation();
  const lang = useLang();
  const drafts = useCall('checklists.drafts', {});
  return (
    <section className="card drafts-card" aria-labelledby="drafts-title">
      <h2 id="drafts-title">{t('checklists.drafts.title')}</h2>
      <p className="muted small">{t('checklists.drafts.help')}</p>
      {drafts.error && <ErrorNotice error={drafts.error} />}
      {drafts.data && drafts.data.length === 0 && <p className="muted">{t('checklists.drafts.none')}</p>}
      {drafts.data && drafts.data.length > 0 && (
        <ul className="draft-list">
          {drafts.data.map((d) => (
            <li key={d.id}>
              <a href={`#/checklists/draft/${encodeURIComponent(d.id)}`} onClick={(e) => (e.preventDefault(), navigate('checklists', 'draft', d.id))}>
                {d.title ? loc(d.title, lang) : t('checklists.drafts.untitled')}
              </a>{' '}
              <code className="small">{d.checklistId}</code> v{d.version} <span className="muted small">
                · {t('checklists.drafts.by', { author: d.author })}
                {d.importedFrom && ` · ${t('checklists.drafts.importedFrom', { file: d.importedFrom })}`} · {formatDateTime(d.updatedMs)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
