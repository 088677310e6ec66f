import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../shared/tickets';
import { approverRefusal } from '../../../shared/changes';
import { useCall, useCallMutation } from '../../api/client';
import { ErrorNotice } from '../../shell/ErrorNotice';

/** Approve or reject a pending change (N2 and N3; the core and the hub refuse anyone else). */
export function ApprovalPanel({ ticketId, change }: { ticketId: string; change: NonNullable<Ticket['change']> }) {
  const { t } = useTranslation();
  const settings = useCall('settings.get', {});
  const approve = useCallMutation('changes.approve', ['tickets.get', 'changes.list', 'changes.preview']);
  const reject = useCallMutation('changes.reject', ['tickets.get', 'changes.list', 'changes.preview']);
  const [note, setNote] = useState('');
  const a = change.approval;
  const level = settings.data?.level ?? null;
  const refused = approverRefusal('', level) !== null;
  return (
    <section className="card" aria-labelledby="change-approval">
      <h2 id="change-approval">{t('changes.detail.approvalTitle')}</h2>
      <p role="status">
        {a.by ? t('changes.detail.approvedBy', { state: t(`changes.approval.${a.state}`), who: a.by, level: a.level }) : t(`changes.approval.${a.state}`)}
        {a.reason ? ` — ${a.reason}` : ''}
      </p>
      {a.state === 'pending' && refused && <p className="muted">{t('changes.detail.needsN2', { level: level ?? 'N1' })}</p>}
      {a.state === 'pending' && !refused && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            approve.mutate({ ticketId, ...(note.trim() ? { note: note.trim() } : {}) });
          }}
        >
          <label className="field">
            <span>{t('changes.detail.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <button type="submit" className="primary" disabled={approve.isPending}>
            {t('changes.detail.approve')}
          </button>{' '}
          <button type="button" disabled={reject.isPending} onClick={() => reject.mutate({ ticketId, reason: note.trim() })}>
            {t('changes.detail.reject')}
          </button>
        </form>
      )}
      {approve.error && <ErrorNotice error={approve.error} />}
      {reject.error && <ErrorNotice error={reject.error} />}
    </section>
  );
}
