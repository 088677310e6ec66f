import { useTranslation } from 'react-i18next';
import type { FieldClash, TicketDetail } from '../../../shared/contract';
import { hlcWallMs, type TicketFieldChanges } from '../../../shared/tickets';
import { formatDateTime } from '../../format';
import { useCategoryName } from './category-name';
import { fieldName, fieldValueText } from './field-value';
import { useAct } from './use-act';

/**
 * Two devices changed the same field while neither had the other's value: the later one stands (last
 * writer wins), and this says so, with both values, who set them and when, until someone who has now seen
 * both chooses (either choice is a knowing change, which settles the clash everywhere).
 */
export function ClashBanner({ detail }: { detail: TicketDetail }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const { act, busy } = useAct();
  const choose = (clash: FieldClash, value: unknown) =>
    void act({ ticketId: detail.ticket.id, type: 'field_changed', payload: { changes: { [clash.field]: value } as TicketFieldChanges } }).catch(() => undefined);
  return (
    <div className="notice notice-conflict" role="alert" data-testid="clash-banner">
      <strong>{t('ticket.clashTitle')}</strong>
      {detail.clashes.map((clash) => {
        const won = fieldValueText(t, clash.field, clash.won.value, categoryName);
        const lost = fieldValueText(t, clash.field, clash.lost.value, categoryName);
        return (
          <div key={clash.won.eventId} className="conflict" data-testid="clash">
            <p>
              {t('ticket.clashText', {
                field: fieldName(t, clash.field),
                winner: clash.won.actor,
                won,
                wonAt: formatDateTime(hlcWallMs(clash.won.hlc)),
                loser: clash.lost.actor,
                lost,
                lostAt: formatDateTime(hlcWallMs(clash.lost.hlc)),
              })}
            </p>
            <button type="button" disabled={busy} onClick={() => choose(clash, clash.lost.value)}>
              {t('ticket.clashTakeLost', { value: lost, who: clash.lost.actor })}
            </button>{' '}
            <button type="button" disabled={busy} onClick={() => choose(clash, clash.won.value)}>
              {t('ticket.clashKeepWon', { value: won })}
            </button>
          </div>
        );
      })}
    </div>
  );
}
