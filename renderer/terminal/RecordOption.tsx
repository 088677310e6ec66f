import { useTranslation } from 'react-i18next';
import { useCall } from '../api/client';
import { setRecordingChoice, useRecordingChoice, useRecordingRefresh } from './recording';

/**
 * "Record this session to ticket …" before connecting: a checkbox and the open tickets to pick from
 * (most recently updated first). What is recorded is what the screen shows; typed keys are not.
 */
export function RecordOption() {
  const { t } = useTranslation();
  const choice = useRecordingChoice();
  useRecordingRefresh();
  const open = useCall('tickets.query', { filter: { open: true }, sort: { field: 'updated', dir: 'desc' }, limit: 200 });
  const rows = open.data?.rows ?? [];
  // A prefilled ticket that is not in the open list (resolved, say) is still offered.
  const known = rows.some((row) => row.id === choice.ticketId);
  return (
    <fieldset className="record-option">
      <legend className="sr-only">{t('recording.legend')}</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={choice.enabled}
          onChange={(event) => setRecordingChoice({ enabled: event.target.checked, ...(event.target.checked && !choice.ticketId && rows[0] ? { ticketId: rows[0].id } : {}) })}
        />
        {t('recording.option')}
      </label>
      <label className="record-ticket">
        <span className="sr-only">{t('recording.ticket')}</span>
        <select value={choice.ticketId} disabled={!choice.enabled} onChange={(event) => setRecordingChoice({ ticketId: event.target.value })}>
          <option value="">{t('recording.pickTicket')}</option>
          {!known && choice.ticketId && <option value={choice.ticketId}>{choice.ticketId}</option>}
          {rows.map((row) => (
            <option key={row.id} value={row.id}>
              {row.ref} — {row.title.slice(0, 70)}
            </option>
          ))}
        </select>
      </label>
      <span className="small muted">{t('recording.privacy')}</span>
    </fieldset>
  );
}
