import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, type Lang } from '../../../shared/inventory';
import { useCall } from '../../api/client';
import { formatDateTimeSeconds } from '../../format';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useLang } from './SnapshotSections';

/** Byte counts read as GiB; anything else as it is. */
function show(field: string, value: unknown, lang: Lang): string {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number' && /bytes$/i.test(field)) return formatBytes(value, lang);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** What changed since the previous snapshot of the same machine, component by component. */
export function DiffView({ snapshotId }: { snapshotId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [volatile, setVolatile] = useState(false);
  const diff = useCall('inventory.diff', { to: snapshotId, includeVolatile: volatile });
  const from = useCall('inventory.get', { id: diff.data?.from ?? '' }, { enabled: Boolean(diff.data?.from) });

  return (
    <section className="inv-diff" aria-labelledby="inv-diff-title">
      <h2 id="inv-diff-title">{t('inventory.diff.title')}</h2>
      <label className="inv-check">
        <input type="checkbox" checked={volatile} onChange={(e) => setVolatile(e.target.checked)} /> {t('inventory.diff.volatile')}
      </label>
      {diff.error && <ErrorNotice error={diff.error} />}
      {diff.data === null && <p className="muted">{t('inventory.diff.first')}</p>}
      {diff.data && (
        <>
          {from.data && <p className="muted small">{t('inventory.diff.against', { when: formatDateTimeSeconds(Date.parse(from.data.takenAt)) })}</p>}
          {diff.data.changes.length === 0 && <p>{t('inventory.diff.none')}</p>}
          <ul className="inv-changes">
            {diff.data.changes.map((c) => (
              <li key={`${c.section}-${c.list ?? ''}-${c.key}-${c.kind}`} className={`inv-change inv-change-${c.kind}`}>
                <span className={`inv-kind inv-kind-${c.kind}`}>{t(`inventory.diff.${c.kind}`)}</span>{' '}
                <strong>{t(`inventory.section.${c.section}`)}</strong> · {c.label} <span className="muted small">({c.key})</span>
                {c.fields && c.fields.length > 0 && (
                  <table className="inv-table inv-fields">
                    <caption className="sr-only">{c.label}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('inventory.diff.field')}</th>
                        <th scope="col">{t('inventory.diff.before')}</th>
                        <th scope="col">{t('inventory.diff.after')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {c.fields.map((field) => (
                        <tr key={field.field}>
                          <td><code>{field.field}</code></td>
                          <td>{show(field.field, field.before, lang)}</td>
                          <td>{show(field.field, field.after, lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                )}
              </li>
            ))}
          </ul>
          {diff.data.notCompared.map((n) => (
            <p key={n.section} className="muted small">{t('inventory.diff.notCompared', { section: t(`inventory.section.${n.section}`), why: n.why })}</p>
          ))}
        </>
      )}
    </section>
  );
}
