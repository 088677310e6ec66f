import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A modal form: focus moves in and comes back on close, Escape cancels, Ctrl+Enter submits.
 * Errors from the core are shown above the buttons.
 */
export function DialogForm({
  title,
  onCancel,
  onSubmit,
  submitLabel,
  busy,
  error,
  children,
}: {
  title: string;
  onCancel: () => void;
  onSubmit: () => void;
  submitLabel: string;
  busy?: boolean;
  error?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    // The first field, or with none (a confirmation) the confirming button: Enter confirms, Escape cancels.
    ref.current?.querySelector<HTMLElement>('input, textarea, select, button[type="submit"]')?.focus();
    return () => previous?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <div className="overlay" onMouseDown={onCancel}>
      <form
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        onMouseDown={(event) => event.stopPropagation()}
        onSubmit={submit}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          }
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSubmit();
          }
        }}
      >
        <h2 id="dialog-title">{title}</h2>
        {children}
        {error}
        <div className="dialog-buttons">
          <button type="button" onClick={onCancel}>
            {t('ticket.dialogs.cancel')}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
