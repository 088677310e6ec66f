import { useTranslation } from 'react-i18next';
import type { CallInput, ImportPreview } from '../../../shared/contract';
import { TARGET_FIELDS, type ColumnMapping } from '../../../shared/import/mapping';
import { PriorityBadge, StatusBadge } from '../../components/Badges';
import { formatDateTime } from '../../format';

type Options = Omit<CallInput<'tickets.importPreview'>, 'base64'>;

const SEPARATORS = [[';', 'semicolon'], [',', 'comma'], ['\t', 'tab']] as const;

/** Source, encoding and separator as detected, each changeable (the file is read again). */
export function ReadingOptions({ preview, chosen, onChange }: { preview: ImportPreview; chosen: Options; onChange: (change: Options) => void }) {
  const { t } = useTranslation();
  // The user's choice stays shown while the file cannot be read that way (the error says why).
  const encoding = chosen.encoding && chosen.encoding !== 'auto' ? chosen.encoding : preview.encoding;
  return (
    <fieldset className="import-reading">
      <legend>{t('ticketImport.detected')}</legend>
      {preview.format === 'mapped' ? (
        <label>
          {t('ticketImport.source')}
          <select value={preview.source} onChange={(e) => onChange({ source: e.target.value as ImportPreview['source'], mapping: undefined })}>
            {(['glpi', 'zendesk', 'generic'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`ticketImport.sources.${s}`)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="wide">{t('ticketImport.atelier')}</p>
      )}
      <label>
        {t('ticketImport.encoding')}
        <select value={encoding} onChange={(e) => onChange({ encoding: e.target.value as ImportPreview['encoding'] })}>
          {(['utf-8', 'windows-1252'] as const).map((enc) => (
            <option key={enc} value={enc}>
              {t(`ticketImport.encodings.${enc}`)}
              {enc === 'utf-8' && preview.bom ? ` (${t('ticketImport.bom')})` : ''}
            </option>
          ))}
        </select>
      </label>
      {preview.separator !== null && (
        <label>
          {t('ticketImport.separator')}
          <select value={preview.separator} onChange={(e) => onChange({ separator: e.target.value as NonNullable<ImportPreview['separator']> })}>
            {SEPARATORS.map(([sep, name]) => (
              <option key={name} value={sep}>
                {t(`ticketImport.separators.${name}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <p className="muted small wide">{t('ticketImport.rows', { count: preview.rows })}</p>
    </fieldset>
  );
}

/** One line per Atelier field: the file's column feeding it, and how dates are written. */
export function MappingTable({ preview, chosen, onChange }: { preview: ImportPreview; chosen: ColumnMapping | undefined; onChange: (mapping: ColumnMapping) => void }) {
  const { t } = useTranslation();
  // The user's mapping stays shown while it cannot be used (a required field left out): the error says why.
  const mapping = chosen ?? preview.mapping;
  const setColumn = (field: (typeof TARGET_FIELDS)[number], header: string) => {
    const columns = { ...mapping.columns };
    if (header === '') delete columns[field];
    else columns[field] = header;
    onChange({ ...mapping, columns });
  };
  return (
    <fieldset className="import-mapping">
      <legend>{t('ticketImport.mapping')}</legend>
      <p className="muted small">{preview.mappingFrom === 'saved' ? t('ticketImport.mappingSaved') : t('ticketImport.mappingHelp')}</p>
      <div className="mapping-grid">
        {TARGET_FIELDS.map((field) => (
          <div key={field}>
            <label htmlFor={`map-${field}`}>{t(`ticketImport.fields.${field}`)}</label>
            <select id={`map-${field}`} value={mapping.columns[field] ?? ''} onChange={(e) => setColumn(field, e.target.value)}>
              <option value="">{t('ticketImport.notImported')}</option>
              {preview.headers.map((h) => (
                <option key={h} value={h}>
                  {h}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div>
          <label htmlFor="map-date-order">{t('ticketImport.dateOrder')}</label>
          <select id="map-date-order" value={mapping.dateOrder} onChange={(e) => onChange({ ...mapping, dateOrder: e.target.value as ColumnMapping['dateOrder'] })}>
            {(['dmy', 'mdy', 'ymd'] as const).map((order) => (
              <option key={order} value={order}>
                {t(`ticketImport.dateOrders.${order}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
    </fieldset>
  );
}

const date = (iso: string | null) => (iso ? formatDateTime(Date.parse(iso)) : '');

/** The first good rows as they will be imported. */
export function PreviewTable({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  if (preview.preview.length === 0) return null;
  // Atelier's own format carries no number nor dates from another tool.
  const mapped = preview.format === 'mapped';
  return (
    <section className="import-preview" aria-labelledby="import-preview-title">
      <h3 id="import-preview-title">{t('ticketImport.preview')}</h3>
      <table className="import-rows">
        <thead>
          <tr>
            <th scope="col">{t('transfer.line')}</th>
            {mapped && <th scope="col">{t('ticketImport.fields.number')}</th>}
            <th scope="col">{t('ticketImport.fields.title')}</th>
            <th scope="col">{t('ticketImport.fields.status')}</th>
            <th scope="col">{t('ticketImport.fields.priority')}</th>
            <th scope="col">{t('ticketImport.fields.requester')}</th>
            {mapped && <th scope="col">{t('ticketImport.fields.openedAt')}</th>}
            {mapped && <th scope="col">{t('ticketImport.fields.closedAt')}</th>}
          </tr>
        </thead>
        <tbody>
          {preview.preview.map((row) => (
            <tr key={row.line}>
              <td>{row.line}</td>
              {mapped && <td>{row.number}</td>}
              <td>{row.title}</td>
              <td>
                <StatusBadge status={row.status} />
              </td>
              <td>
                <PriorityBadge priority={row.priority} />
              </td>
              <td>{row.requester}</td>
              {mapped && <td>{date(row.openedAt)}</td>}
              {mapped && <td>{date(row.closedAt ?? row.resolvedAt)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Bad rows by line and column, as the file names them. */
export function ImportProblems({ summary, problems }: { summary: string; problems: readonly { line: number; column: string; message: string }[] }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <strong>{summary}</strong>
      <table className="problems">
        <thead>
          <tr>
            <th scope="col">{t('transfer.line')}</th>
            <th scope="col">{t('transfer.column')}</th>
            <th scope="col">{t('transfer.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.slice(0, 200).map((p, i) => (
            <tr key={i}>
              <td>{p.line}</td>
              <td>{p.column}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
