import { useTranslation } from 'react-i18next';
import type { RelatedTicket, TimelineEntry } from '../../../shared/contract';
import { useCall } from '../../api/client';
import { useRecordingRefresh } from '../../terminal/recording';
import { formatDateTime, formatDay } from '../../format';
import { client } from '../../api/client';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { base64ToBytes, saveFile } from '../../save-file';

/** Fetches a stored file and hands it to the browser as a download. */
async function downloadAttachment(file: { hash: string; name: string; mime: string }): Promise<void> {
  const { base64 } = await client.call('attachments.get', { hash: file.hash });
  saveFile(base64ToBytes(base64), file.name, file.mime);
}
import { checklistEventText, useChecklistSteps } from '../checklists/timeline-text';
import { routeHref } from '../../route';
import { ASCIICAST_MIME } from '../../../shared/ssh/asciicast';
import { useHubConfigured } from '../sync/use-sync';
import { useCategoryName } from './category-name';
import { fieldName, fieldValueText } from './field-value';
import { BlobGate } from '../sync/BlobGate';
import { useEffect, useRef, useState } from 'react';
import type { Attachment } from '../../../shared/tickets';
import { RemoveAttachment } from './RemoveAttachment';

type Payload = Record<string, unknown>;

/** Download: at once when the file is here; else fetched from the hub first (progress, Cancel), then downloaded. */
export function DownloadButton({ file }: { file: { hash: string; name: string; mime: string } }) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  return (
    <>
      <button type="button" className="link-button" onClick={() => setAsked(true)} disabled={asked}>
        {t('ticket.download', { name: file.name })}
      </button>
      {asked && (
        <BlobGate blob={{ hash: file.hash }} name={file.name} auto>
          {() => <DownloadOnce file={file} onDone={() => setAsked(false)} />}
        </BlobGate>
      )}
    </>
  );
}

function DownloadOnce({ file, onDone }: { file: { hash: string; name: string; mime: string }; onDone: () => void }) {
  const [error, setError] = useState<unknown>();
  const started = useRef(false);
  useEffect(() => {
    // Once per mount: the button mounts this again for the next download.
    if (started.current) return;
    started.current = true;
    downloadAttachment(file).then(onDone, setError);
  }, [file, onDone]);
  return error ? <ErrorNotice error={error} /> : null;
}

/** One line per event: who, when, from which device, what; offline changes marked until synced. */
export function Timeline({
  entries,
  devices = {},
  related = {},
  ticketId,
  attachments,
}: {
  entries: TimelineEntry[];
  devices?: Record<string, string>;
  related?: Record<string, RelatedTicket>;
  ticketId?: string;
  /** The ticket's attachments now: a removed one shows as such, its author's can be removed. */
  attachments?: readonly Pick<Attachment, 'eventId' | 'actor'>[];
}) {
  const { t } = useTranslation();
  const settings = useCall('settings.get', {});
  const attached = (entry: TimelineEntry) => attachments === undefined || attachments.some((a) => a.eventId === entry.id);
  const nameOf = (attachmentId: unknown) => String((entries.find((e) => e.id === attachmentId)?.payload as Payload | undefined)?.name ?? attachmentId);
  const info = useCall('app.info', {});
  const hub = useHubConfigured();
  useRecordingRefresh(ticketId ?? '');
  const steps = useChecklistSteps(entries);
  const categoryName = useCategoryName();
  const describe = (entry: TimelineEntry): { summary: string; body?: string; subject?: { href: string; text: string }; link?: { href: string; text: string }; file?: { hash: string; name: string; mime: string } } => {
    const p = (entry.payload ?? {}) as Payload;
    switch (entry.type) {
      case 'field_changed':
        return {
          summary: t('ticket.events.field_changed', { fields: Object.keys((p.changes as Payload) ?? {}).map((f) => fieldName(t, f)).join(', ') }),
          body: entry.changes?.map((c) => t('ticket.events.fieldChange', { field: fieldName(t, c.field), from: fieldValueText(t, c.field, c.from, categoryName), to: fieldValueText(t, c.field, c.to, categoryName) })).join('\n'),
        };
      case 'status_changed':
        return { summary: t('ticket.events.status_changed', { to: t(`tickets.status.${String(p.to)}`) }), body: p.reason as string | undefined };
      case 'assigned':
        return { summary: t('ticket.events.assigned', { who: [p.assignee, p.team].filter(Boolean).join(' / ') }) };
      case 'escalated':
        return { summary: t('ticket.events.escalated', { level: String(p.toLevel) }), body: p.reason as string };
      case 'redirected': {
        const vendorLine = [
          p.reference ? `${t('ticket.vendorHold.reference')}: ${String(p.reference)}` : '',
          p.followUp ? `${t('ticket.vendorHold.followUp')}: ${formatDay(String(p.followUp))}` : '',
        ].filter(Boolean).join(' · ');
        return { summary: t('ticket.events.redirected', { name: String(p.name) }), body: [p.reason as string, vendorLine].filter(Boolean).join('\n') };
      }
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
        return checklistEventText(p, t, steps);
      case 'inventory_attached':
        return { summary: t('ticket.events.inventory_attached'), link: { href: routeHref('inventory', String(p.snapshotId)), text: t('inventory.openSnapshot', { of: p.host ? ` (${String(p.host)})` : '' }) } };
      case 'attachment_added':
        if (!attached(entry)) return { summary: `${t('ticket.events.attachment_added', { name: String(p.name) })} ${t('ticket.removeAttachment.removed')}` };
        return { summary: t('ticket.events.attachment_added', { name: String(p.name) }), file: { hash: String(p.hash), name: String(p.name), mime: String(p.mime) } };
      case 'attachment_removed':
        return { summary: t('ticket.events.attachment_removed', { name: nameOf(p.attachmentId) }) };
      case 'linked':
      case 'unlinked': {
        // role is what the other ticket is: on an incident it names its problem, on a problem an incident.
        const id = String(p.ticketId);
        const other = related[id];
        return {
          summary: t(`ticket.events.${entry.type}_${p.role === 'problem' ? 'problem' : 'incident'}`),
          subject: { href: routeHref('queue', id), text: other ? `${other.ref} · ${other.title}` : id },
        };
      }
      default:
        return { summary: t(`ticket.events.${entry.type}`, { defaultValue: entry.type }) };
    }
  };
  return (
    <ol className="timeline">
      {entries.map((entry) => {
        const { summary, body, subject, link, file } = describe(entry);
        const internal = entry.type === 'comment_added' && (entry.payload as Payload).internal === true;
        return (
          <li key={entry.id} className={`timeline-entry type-${entry.type}${internal ? ' internal' : ''}${entry.unsynced && hub ? ' unsynced' : ''}`}>
            <div className="timeline-meta">
              <strong>{entry.actor}</strong> {summary}
              {subject && (
                <>
                  {' '}
                  <a href={subject.href}>{subject.text}</a>
                </>
              )}
              <span className="muted small">
                {' · '}
                <time dateTime={new Date(entry.atMs).toISOString()}>{formatDateTime(entry.atMs)}</time>
                {' · '}
                {entry.device === info.data?.deviceId ? t('ticket.thisDevice') : entry.device === 'demo' ? t('ticket.demoDevice') : (devices[entry.device] ?? entry.device)}
              </span>
              {entry.unsynced && hub && <span className="flag flag-unsynced">{t('ticket.offline')}</span>}
            </div>
            {body && <p className="timeline-body">{body}</p>}
            {file && <DownloadButton file={file} />}
            {file && ticketId && attachments && entry.type === 'attachment_added' && entry.actor === settings.data?.technician && (
              <>
                {' · '}
                <RemoveAttachment ticketId={ticketId} attachmentId={entry.id} hash={file.hash} name={file.name} />
              </>
            )}
            {file && ticketId && file.mime === ASCIICAST_MIME && (
              <>
                {' · '}
                <a href={routeHref('queue', ticketId, 'replay', file.hash)}>{t('replay.open', { name: file.name })}</a>
              </>
            )}
            {link && <p className="timeline-body"><a href={link.href}>{link.text}</a></p>}
          </li>
        );
      })}
    </ol>
  );
}
