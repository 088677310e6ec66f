import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useAct } from './use-act';

/**
 * "Remove" on an attachment its author sees: asks once (the file goes for the whole team once no other
 * ticket holds it), then appends `attachment_removed`. Focus moves to the question and back.
 */
export function RemoveAttachment({ ticketId, attachmentId, hash, name }: { ticketId: string; attachmentId: string; hash: string; name: string }) {
  const { t } = useTranslation();
  const { act, error, busy } = useAct();
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) opener.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button ref={opener} type="button" className="link-button" onClick={() => setAsking(true)}>
        {t('ticket.removeAttachment.open', { name })}
      </button>
    );
  }
  return (
    <span role="group" aria-label={t('ticket.removeAttachment.question', { name })} className="remove-attachment">
      <span>{t('ticket.removeAttachment.question', { name })}</span>{' '}
      <button ref={confirm} type="button" disabled={busy} onClick={() => void act({ ticketId, type: 'attachment_removed', payload: { attachmentId, hash } }).catch(() => undefined)}>
        {t('ticket.removeAttachment.confirm')}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)} disabled={busy}>
        {t('ticket.removeAttachment.keep')}
      </button>
      {error && <ErrorNotice error={error} />}
    </span>
  );
}
