import { useTranslation } from 'react-i18next';
import { hlcWallMs, type Ticket } from '../../../shared/tickets';
import { formatDateTime, formatDay, localToday } from '../../format';

/** The follow-up date has come: the vendor is due a reminder. */
const followUpDue = (ticket: Ticket) => !!ticket.vendorFollowUp && ticket.vendorFollowUp <= localToday();

/** The heading's mark that a vendor holds the ticket, with its reference. */
export function VendorBadge({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  if (ticket.vendor === null) return null;
  return (
    <span className="flag flag-vendor" data-testid="vendor-badge">
      {t('ticket.vendorHold.holding', { name: ticket.vendor })}
      {ticket.vendorReference ? ` · ${ticket.vendorReference}` : ''}
      {followUpDue(ticket) ? ` · ${t('ticket.vendorHold.overdue')}` : ''}
    </span>
  );
}

/** The triage panel's block for the vendor holding the ticket: who, their reference, since when, when to chase. */
export function VendorDetails({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  if (ticket.vendor === null) return null;
  const since = ticket.vendorSpans?.at(-1)?.from;
  return (
    <section className="vendor-hold" aria-labelledby="vendor-title" data-testid="vendor-details">
      <h3 id="vendor-title">{t('ticket.vendorHold.title')}</h3>
      <dl className="facts">
        <dt>{t('ticket.vendorHold.name')}</dt>
        <dd>{ticket.vendor}</dd>
        {ticket.vendorReference && (
          <>
            <dt>{t('ticket.vendorHold.reference')}</dt>
            <dd>{ticket.vendorReference}</dd>
          </>
        )}
        {since && (
          <>
            <dt>{t('ticket.vendorHold.since')}</dt>
            <dd>{formatDateTime(hlcWallMs(since))}</dd>
          </>
        )}
        {ticket.vendorFollowUp && (
          <>
            <dt>{t('ticket.vendorHold.followUp')}</dt>
            <dd className={followUpDue(ticket) ? 'due' : undefined}>
              {formatDay(ticket.vendorFollowUp)}
              {followUpDue(ticket) ? ` (${t('ticket.vendorHold.overdue')})` : ''}
            </dd>
          </>
        )}
      </dl>
      <p className="muted small">{t('ticket.vendorHold.pausedNote')}</p>
    </section>
  );
}
