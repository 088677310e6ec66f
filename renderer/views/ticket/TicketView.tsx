import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AtelierError } from '../../../shared/contract';
import { allowedActions, hlcWallMs, isOpen, type Ticket, type TicketAction } from '../../../shared/tickets';
import { useCall } from '../../api/client';
import { PriorityBadge, SlaBadge, StatusBadge } from '../../components/Badges';
import { formatDateTime } from '../../format';
import { routeHref } from '../../route';
import { useShortcuts } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { ChecklistPanel } from '../checklists/ChecklistPanel';
import { ActionDialog, type DialogKind } from './ActionDialog';
import { Composer } from './Composer';
import { ClashBanner } from './ClashBanner';
import { ConflictBanner } from './ConflictBanner';
import { Timeline } from './Timeline';
import { TriagePanel } from './TriagePanel';
import { useAct } from './use-act';
import { TicketKnowledge } from '../reports/TicketKnowledge';
import { HostCard, useAssetHost } from '../hosts/HostCard';
import { RecordTerminalButton } from './RecordTerminalButton';
import { VendorBadge } from './VendorHold';
import { ProblemCard } from './ProblemCard';

export function TicketView({ id, initialDialog }: { id: string; initialDialog?: DialogKind | undefined }) {
  const { t } = useTranslation();
  // Always read afresh on opening: files, logs, recordings and reports reach the ticket from other views.
  const detail = useCall('tickets.get', { id }, { refetchOnMount: 'always' });
  const [dialog, setDialog] = useState<DialogKind | null>(initialDialog ?? null);
  const ticket = detail.data?.ticket;
  useShortcuts([{ keys: 'e', run: () => ticket && allowedActions(ticket, null).includes('escalate') && setDialog('escalate') }]);

  if (detail.error) {
    const missing = detail.error instanceof AtelierError && detail.error.code === 'not_found';
    return (
      <section className="view" aria-labelledby="view-title">
        <h1 id="view-title">{missing ? t('ticket.notFound') : t('errors.title')}</h1>
        {!missing && <ErrorNotice error={detail.error} />}
        <a href={routeHref('queue')}>{t('ticket.back')}</a>
      </section>
    );
  }
  if (!detail.data || !ticket) return <p className="muted">{t('common.loading')}</p>;
  const { sla } = detail.data;

  return (
    <section className="view ticket" aria-labelledby="view-title">
      <nav className="breadcrumb" aria-label={t('ticket.back')}>
        <a href={routeHref('queue')}>← {t('ticket.back')}</a>
      </nav>
      <header className="ticket-header">
        <div className="ticket-heading">
          <span className="ref">{detail.data.ref}</span>
          <PriorityBadge priority={ticket.priority} />
          <StatusBadge status={ticket.status} />
          <span className="muted">
            {t(`tickets.kind.${ticket.kind}`)} · {ticket.level}
          </span>
          <VendorBadge ticket={ticket} />
          {ticket.source && (
            <span className="muted">{t('ticketImport.importedFrom', { ...ticket.source, opened: formatDateTime(hlcWallMs(ticket.createdAt)) })}</span>
          )}
        </div>
        <h1 id="view-title">{ticket.title}</h1>
        <div className="sla-line">
          <span>
            {t('tickets.sla.own')}: <SlaBadge sla={sla.own} />
          </span>
          <span>
            {t('tickets.sla.resolve')}: <SlaBadge sla={sla.resolve} />
          </span>
        </div>
      </header>
      {ticket.conflicts.length > 0 && <ConflictBanner ticket={ticket} devices={detail.data.devices} />}
      {detail.data.clashes.length > 0 && <ClashBanner detail={detail.data} />}
      <Actions ticket={ticket} onDialog={setDialog} />
      <div className="ticket-body">
        <div className="ticket-main">
          <section className="card" aria-labelledby="description-title">
            <h2 id="description-title">{t('ticket.description')}</h2>
            <p className="prewrap">{ticket.description || <span className="muted">{t('ticket.noDescription')}</span>}</p>
            {ticket.resolution && (
              <div className="resolution">
                <h3>{t('ticket.resolution')}</h3>
                <p className="prewrap">{ticket.resolution.text}</p>
                <p>
                  <strong>{t('ticket.rootCause')}:</strong> {ticket.resolution.rootCause}
                </p>
              </div>
            )}
          </section>
          <ProblemCard ticket={ticket} related={detail.data.related} />
          <HostCard ticket={ticket} />
          <ChecklistPanel ticket={ticket} />
          <TicketKnowledge ticket={ticket} />
          {isOpen(ticket.status) && <Composer ticket={ticket} />}
          <section className="card" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('ticket.timeline')}</h2>
            <Timeline entries={detail.data.timeline} devices={detail.data.devices} related={detail.data.related} ticketId={ticket.id} attachments={ticket.attachments} />
          </section>
        </div>
        <TriagePanel ticket={ticket} />
      </div>
      {dialog && <ActionDialog kind={dialog} ticket={ticket} onClose={() => setDialog(null)} />}
    </section>
  );
}

/** The actions the workflow allows now (shared/tickets/workflow.ts), one button each, each named once. */
function Actions({ ticket, onDialog }: { ticket: Ticket; onDialog: (kind: DialogKind) => void }) {
  const { t } = useTranslation();
  const info = useCall('app.info', {});
  const { act, error, busy } = useAct();
  const me = info.data?.actor ?? null;
  // A ticket on a known host records from its host card instead.
  const assetHost = useAssetHost(ticket.asset);
  const status = (to: 'in_progress' | 'pending' | 'closed') => void act({ ticketId: ticket.id, type: 'status_changed', payload: { from: ticket.status, to } }).catch(() => undefined);
  const run: Record<TicketAction, () => void> = {
    take: () => me && void act({ ticketId: ticket.id, type: 'assigned', payload: { assignee: me } }).catch(() => undefined),
    start: () => status('in_progress'),
    resume: () => status('in_progress'),
    hold: () => status('pending'),
    escalate: () => onDialog('escalate'),
    redirect: () => onDialog('redirect'),
    vendorBack: () => void act({ ticketId: ticket.id, type: 'field_changed', payload: { changes: { vendor: null } } }).catch(() => undefined),
    resolve: () => onDialog('resolve'),
    close: () => status('closed'),
    reopen: () => onDialog('reopen'),
  };
  const opensDialog = new Set<TicketAction>(['escalate', 'redirect', 'resolve', 'reopen']);
  return (
    <div className="actions" role="toolbar" aria-label={t('ticket.actions.label')}>
      {allowedActions(ticket, me).map((action) => (
        <button
          key={action}
          type="button"
          className={action === 'resolve' ? 'primary' : undefined}
          disabled={!opensDialog.has(action) && busy}
          onClick={run[action]}
          aria-keyshortcuts={action === 'escalate' ? 'E' : undefined}
        >
          {t(`ticket.actions.${action}`)}
          {action === 'escalate' && (
            <>
              {' '}
              <kbd>e</kbd>
            </>
          )}
        </button>
      ))}
      {isOpen(ticket.status) && !assetHost && <RecordTerminalButton ticketId={ticket.id} />}
      {error && <ErrorNotice error={error} />}
    </div>
  );
}
