import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ASCIICAST_MIME, isCastFile } from '../../../shared/ssh/asciicast';
import type { Ticket } from '../../../shared/tickets';
import { useShortcuts } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { useAct } from './use-act';
import { useCallMutation } from '../../api/client';

const MAX_ATTACHMENT_BYTES = 6 * 1024 * 1024;

/** Comments (internal or for the requester) and time spent with parts used. `c` focuses it. */
export function Composer({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const { act, error, busy } = useAct();
  const [tab, setTab] = useState<'comment' | 'worklog' | 'attach'>('comment');
  const [text, setText] = useState('');
  const [internal, setInternal] = useState(false);
  const [minutes, setMinutes] = useState('30');
  const [kind, setKind] = useState<'work' | 'travel'>('work');
  const [note, setNote] = useState('');
  const [parts, setParts] = useState('');
  const textRef = useRef<HTMLTextAreaElement>(null);
  useShortcuts([
    {
      keys: 'c',
      run: () => {
        if (textRef.current) textRef.current.focus();
        else {
          setTab('comment');
          setTimeout(() => textRef.current?.focus());
        }
      },
    },
  ]);

  const sendComment = async () => {
    if (!text.trim()) return;
    await act({ ticketId: ticket.id, type: 'comment_added', payload: { text, internal } }).then(() => setText('')).catch(() => undefined);
  };
  const sendWorklog = async () => {
    const partsUsed = parts.split('\n').map((line) => line.trim()).filter(Boolean).map((name) => ({ name, quantity: 1 }));
    await act({ ticketId: ticket.id, type: 'worklog_added', payload: { minutes: Number(minutes), kind, note: note.trim() || undefined, parts: partsUsed } })
      .then(() => {
        setNote('');
        setParts('');
      })
      .catch(() => undefined);
  };

  return (
    <section className="card composer" aria-label={t('ticket.composer.label')}>
      <div className="tabs" role="tablist" aria-label={t('ticket.composer.label')}>
        {(['comment', 'worklog', 'attach'] as const).map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'tab active' : 'tab'} onClick={() => setTab(id)}>
            {t(`ticket.composer.${id}`)}
          </button>
        ))}
      </div>
      {error && <ErrorNotice error={error} />}
      {tab === 'attach' ? (
        <AttachForm ticketId={ticket.id} />
      ) : tab === 'comment' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void sendComment();
          }}
        >
          <textarea
            ref={textRef}
            aria-label={t('ticket.composer.text')}
            aria-keyshortcuts="C"
            rows={3}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void sendComment();
              }
            }}
          />
          <div className="row-between">
            <label className="checkbox">
              <input type="checkbox" checked={internal} onChange={(e) => setInternal(e.target.checked)} /> {t('ticket.composer.internal')}
            </label>
            <button type="submit" className="primary" disabled={busy || !text.trim()}>
              {t('ticket.composer.send')} <kbd>Ctrl+Enter</kbd>
            </button>
          </div>
        </form>
      ) : (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void sendWorklog();
          }}
        >
          <label className="field">
            <span className="label">{t('ticket.composer.minutes')}</span>
            <input type="number" min={1} max={10080} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </label>
          <label className="field">
            <span className="label">{t('ticket.composer.worklogKind')}</span>
            <select value={kind} onChange={(e) => setKind(e.target.value as 'work' | 'travel')}>
              <option value="work">{t('ticket.composer.work')}</option>
              <option value="travel">{t('ticket.composer.travel')}</option>
            </select>
          </label>
          <label className="field wide">
            <span className="label">{t('ticket.composer.note')}</span>
            <input value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
          <label className="field wide">
            <span className="label">{t('ticket.composer.parts')}</span>
            <textarea rows={2} value={parts} onChange={(e) => setParts(e.target.value)} />
          </label>
          <div>
            <button type="submit" className="primary" disabled={busy}>
              {t('ticket.composer.log')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** Reads a file in the browser and stores it on the ticket (content-addressed in the core). */
function AttachForm({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation();
  const attach = useCallMutation('tickets.attach', ['tickets.get']);
  const [file, setFile] = useState<File | null>(null);
  const [tooBig, setTooBig] = useState(false);
  const send = async () => {
    if (!file) return;
    if (file.size > MAX_ATTACHMENT_BYTES) return setTooBig(true);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    await attach
      .mutateAsync({ ticketId, name: file.name, mime: isCastFile(file.name, binary.slice(0, 4096)) ? ASCIICAST_MIME : file.type || 'application/octet-stream', base64: btoa(binary) })
      .then(() => setFile(null))
      .catch(() => undefined);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {attach.error && <ErrorNotice error={attach.error} />}
      {tooBig && <p className="field-error" role="alert">{t('ticket.composer.tooBig')}</p>}
      <label className="field">
        <span className="label">{t('ticket.composer.file')}</span>
        <input
          type="file"
          onChange={(e) => {
            setTooBig(false);
            setFile(e.target.files?.[0] ?? null);
          }}
        />
      </label>
      <button type="submit" className="primary" disabled={!file || attach.isPending}>
        {t('ticket.composer.attach')}
      </button>
    </form>
  );
}
