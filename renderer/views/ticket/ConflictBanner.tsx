import { useTranslation } from 'react-i18next';
import type { Ticket } from '../../../shared/tickets';
import { useAct } from './use-act';

/** Offline changes that clash are shown, never hidden: a person chooses which status stands. */
export function ConflictBanner({ ticket, devices }: { ticket: Ticket; devices: Record<string, string> }) {
  const { t } = useTranslation();
  const { act, busy } = useAct();
  return (
    <div className="notice notice-conflict" role="alert">
      <strong>{t('ticket.conflictTitle')}</strong>
      {ticket.conflicts.map((conflict) => (
        <div key={conflict.eventId} className="conflict">
          <p>
            {t('ticket.conflictText', {
              actor: conflict.actor,
              device: devices[conflict.device] ?? conflict.device,
              from: t(`tickets.status.${conflict.from}`),
              to: t(`tickets.status.${conflict.to}`),
              message: conflict.message,
            })}
          </p>
          <button type="button" disabled={busy} onClick={() => void act({ ticketId: ticket.id, type: 'conflict_resolved', payload: { conflictId: conflict.eventId, choice: 'keep_current' } }).catch(() => undefined)}>
            {t('ticket.keepCurrent')}
          </button>{' '}
          <button type="button" disabled={busy} onClick={() => void act({ ticketId: ticket.id, type: 'conflict_resolved', payload: { conflictId: conflict.eventId, choice: 'apply_attempted' } }).catch(() => undefined)}>
            {t('ticket.applyAttempted', { to: t(`tickets.status.${conflict.to}`) })}
          </button>
        </div>
      ))}
    </div>
  );
}
