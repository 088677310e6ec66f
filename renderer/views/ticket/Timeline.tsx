import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/contract';
import { formatDateTime } from '../../format';

type Payload = Record<string, unknown>;

/** One line per event: who, when, from which device, what; offline changes marked until synced. */
export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const { t } = useTranslation();
  const describe = (entry: TimelineEntry): { summary: string; body?: string } => {
    const p = (entry.payload ?? {}) as Payload;
    switch (entry.type) {
      case 'field_changed':
        return { summary: t('ticket.events.field_changed', { fields: Object.keys((p.changes as Payload) ?? {}).map((f) => t(`ticket.${f}`, { defaultValue: f })).join(', ') }) };
      case 'status_changed':
        return { summary: t('ticket.events.status_changed', { to: t(`tickets.status.${String(p.to)}`) }), body: p.reason as string | undefined };
      case 'assigned':
        return { summary: t('ticket.events.assigned', { who: [p.assignee, p.team].filter(Boolean).join(' / ') }) };
      case 'escalated':
        return { summary: t('ticket.events.escalated', { level: String(p.toLevel) }), body: p.reason as string };
      case 'redirected':
        return { summary: t('ticket.events.redirected', { name: String(p.name) }), body: p.reason as string };
      case 'resolved': {
        const r = p.resolution as { text: string; rootCause: string };
        return { summary: t('ticket.events.resolved'), body: `${r.text}\n${t('ticket.rootCause')}: ${r.rootCause}` };
      }
      case 'reopened':
        return { summary: t('ticket.events.reopened'), body: p.reason as string };
      case 'comment_added':
        return { summary: p.internal ? t('ticket.events.comment_internal') : t('ticket.events.comment_added'), body: p.text as string };
      case 'worklog_added':
        return { summary: t('ticket.events.worklog_added', { minutes: p.minutes, kind: t(`ticket.composer.${String(p.kind)}`) }), body: p.note as string | undefined };
      case 'checklist_step_recorded':
        return { summary: t('ticket.events.checklist_step_recorded', { step: String(p.stepId), outcome: String(p.outcome) }), body: p.reading as string | undefined };
      case 'attachment_added':
        return { summary: t('ticket.events.attachment_added', { name: String(p.name) }) };
      case 'linked':
      case 'unlinked':
        return { summary: t(`ticket.events.${entry.type}`, { ticket: String(p.ticketId) }) };
      default:
        return { summary: t(`ticket.events.${entry.type}`, { defaultValue: entry.type }) };
    }
  };
  return (
    <ol className="timeline">
      {entries.map((entry) => {
        const { summary, body } = describe(entry);
        const internal = entry.type === 'comment_added' && (entry.payload as Payload).internal === true;
        return (
          <li key={entry.id} className={`timeline-entry type-${entry.type}${internal ? ' internal' : ''}${entry.unsynced ? ' unsynced' : ''}`}>
            <div className="timeline-meta">
              <strong>{entry.actor}</strong> {summary}
              <span className="muted small">
                {' · '}
                <time dateTime={new Date(entry.atMs).toISOString()}>{formatDateTime(entry.atMs)}</time>
                {' · '}
                {entry.device}
              </span>
              {entry.unsynced && <span className="flag flag-unsynced">{t('ticket.offline')}</span>}
            </div>
            {body && <p className="timeline-body">{body}</p>}
          </li>
        );
      })}
    </ol>
  );
}
