import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCall } from '../api/client';
import { routeHref } from '../route';
import { stopRecording, type TerminalTab } from './sessions';

/** In the tab: a red REC while the session is recorded (text, not colour alone). */
export function RecBadge({ tab }: { tab: TerminalTab }) {
  const { t } = useTranslation();
  if (tab.recording?.state !== 'recording') return null;
  return (
    <span className="rec-badge">
      <span aria-hidden="true">● </span>REC<span className="sr-only"> ({t('recording.recordingShort')})</span>
    </span>
  );
}

function TicketLink({ ticketId }: { ticketId: string }) {
  const detail = useCall('tickets.get', { id: ticketId });
  return <a href={routeHref('queue', ticketId)}>{detail.data?.ref ?? ticketId}</a>;
}

/** In the toolbar: where the recording goes, a Stop button, and what became of it. */
export function RecordingStatus({ tab }: { tab: TerminalTab }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | undefined>();
  const recording = tab.recording;
  if (!recording) return null;
  const ticket = <TicketLink ticketId={recording.ticketId} />;
  return (
    <span className="recording-status small" role="status">
      {recording.state === 'recording' && (
        <>
          {t('recording.recordingTo')} {ticket}{' '}
          <button type="button" onClick={() => void stopRecording(tab.id).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))}>
            {t('recording.stop')}
          </button>
        </>
      )}
      {recording.state === 'truncated' && (
        <>
          {t('recording.truncated')} {ticket}
        </>
      )}
      {recording.state === 'saved' && (
        <>
          {t('recording.saved', { name: recording.name ?? '' })} {ticket}
        </>
      )}
      {recording.state === 'failed' && <span className="error-text">{t('recording.failed', { why: recording.error ?? '' })}</span>}
      {error && <span className="error-text"> {error}</span>}
    </span>
  );
}
