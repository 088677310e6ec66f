import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field';

/** Plain VNC clipboard messages carry ISO 8859-1 only: noVNC turns anything beyond it (€, œ, emoji) into "?". */
const beyondLatin1 = (text: string) => [...text].some((c) => (c.codePointAt(0) ?? 0) > 0xff);

/**
 * Clipboard text between the technician and the workstation, only on explicit actions: "Send" puts the
 * typed or pasted text in the workstation's clipboard; what the workstation copies shows here, with Copy.
 * Both need control (in view-only noVNC neither sends nor passes on clipboard messages).
 */
export function ClipboardPanel({ control, remote, send }: { control: boolean; remote: string | undefined; send: (text: string) => boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sent, setSent] = useState<number | undefined>();
  const [copied, setCopied] = useState<string | undefined>();
  const received = useRef<HTMLTextAreaElement>(null);

  const submit = () => {
    if (!text || !control) return;
    if (send(text)) setSent([...text].length);
  };

  const copy = async () => {
    if (remote === undefined) return;
    try {
      await navigator.clipboard.writeText(remote);
    } catch {
      // Where the page may not write the clipboard (a denied permission), the selection is copied instead.
      received.current?.select();
      document.execCommand('copy');
    }
    setCopied(remote);
  };

  return (
    <section className="desktop-clipboard" aria-labelledby="desktop-clipboard-title">
      <h3 id="desktop-clipboard-title">{t('desktop.clipboard.title')}</h3>
      {!control && <p className="small muted">{t('desktop.clipboard.needControl')}</p>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Field label={t('desktop.clipboard.toSend')}>
          {(props) => (
            <textarea
              {...props}
              rows={2}
              value={text}
              aria-keyshortcuts="Control+Enter"
              onChange={(e) => {
                setText(e.target.value);
                setSent(undefined);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && e.ctrlKey) {
                  e.preventDefault();
                  submit();
                }
              }}
            />
          )}
        </Field>
        <button type="submit" disabled={!control || !text}>
          {t('desktop.clipboard.send')}
        </button>
        {beyondLatin1(text) && <span className="small muted">{t('desktop.clipboard.latin1')}</span>}
        {sent !== undefined && (
          <span role="status" className="small">
            {t('desktop.clipboard.sent', { count: sent })}
          </span>
        )}
      </form>
      <div className="desktop-clipboard-remote">
        <Field label={t('desktop.clipboard.remote')}>
          {(props) => <textarea {...props} ref={received} rows={2} readOnly value={remote ?? ''} placeholder={t('desktop.clipboard.nothingYet')} />}
        </Field>
        <button
          type="button"
          disabled={remote === undefined}
          onClick={() => {
            void copy();
          }}
        >
          {t('desktop.clipboard.copy')}
        </button>
        {copied !== undefined && copied === remote && (
          <span role="status" className="small">
            {t('desktop.clipboard.copied')}
          </span>
        )}
      </div>
    </section>
  );
}
