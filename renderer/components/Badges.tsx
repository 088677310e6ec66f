import { useTranslation } from 'react-i18next';
import type { SlaReading } from '../../shared/contract';
import type { Priority, Status } from '../../shared/tickets';
import { formatDuration } from '../format';

export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span className={`prio prio-${priority}`}>{priority}</span>;
}

export function StatusBadge({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <span className={`status status-${status}`}>{t(`tickets.status.${status}`)}</span>;
}

/** The resolve clock as a technician reads it: state colour plus time left or late. */
export function SlaBadge({ sla }: { sla: SlaReading }) {
  const { t } = useTranslation();
  let text: string;
  if (sla.stopped) text = sla.state === 'breached' ? t('tickets.sla.missed') : t('tickets.sla.met');
  else if (sla.paused) text = `${t('tickets.sla.paused')} · ${formatDuration(sla.leftMs)}`;
  else text = sla.leftMs < 0 ? t('tickets.sla.late', { time: formatDuration(sla.leftMs) }) : t('tickets.sla.left', { time: formatDuration(sla.leftMs) });
  const state = sla.stopped && sla.state !== 'breached' ? 'done' : sla.state;
  return (
    <span className={`sla sla-${state}`} title={t(`tickets.sla.${sla.state}`)}>
      <span className="sr-only">{t(`tickets.sla.${sla.state}`)}: </span>
      {text}
    </span>
  );
}

/** Text with \u0002…\u0003 markers from the search, shown with <mark> and never parsed as HTML. */
export function Highlighted({ text }: { text: string }) {
  const parts = text.split(/(\u0002[^\u0003]*\u0003)/);
  return (
    <>
      {parts.map((part, i) =>
        part.startsWith('\u0002') ? <mark key={i}>{part.slice(1, -1)}</mark> : <span key={i}>{part}</span>,
      )}
    </>
  );
}
