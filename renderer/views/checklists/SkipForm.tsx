import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Step } from '../../../shared/checklists';
import type { RunAction } from '../../../shared/contract';
import { loc, useLang } from './texts';

type Via = Extract<RunAction, { kind: 'skip' }>['via'];

/** The branches a skipped step may continue by, with the default first. */
function branches(step: Step, lang: 'fr' | 'en', t: (key: string) => string): { value: string; label: string }[] {
  switch (step.kind) {
    case 'question':
      return step.answers.map((answer, index) => ({ value: String(index), label: `${index + 1}. ${loc(answer.label, lang)}` }));
    case 'instruction':
      return (['done', 'failed'] as const).map((b) => ({ value: b, label: t(`checklists.branches.${b}`) }));
    case 'probe': {
      const out: ('unavailable' | 'pass' | 'warn' | 'fail')[] = ['unavailable', 'pass'];
      if (step.next.warn) out.push('warn');
      out.push('fail');
      return out.map((b) => ({ value: b, label: t(`checklists.branches.${b}`) }));
    }
    case 'conclusion':
      return [];
  }
}

/** Skipping needs a reason (it is recorded on the ticket) and says which way the run goes on. */
export function SkipForm({ step, busy, onSkip, onCancel }: { step: Step; busy: boolean; onSkip: (reason: string, via: Via) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const options = branches(step, lang, t);
  const [reason, setReason] = useState('');
  const [via, setVia] = useState(options[0]?.value ?? '');
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const submit = () => {
    if (!reason.trim()) return;
    onSkip(reason.trim(), (step.kind === 'question' ? Number(via) : via) as Via);
  };
  return (
    <form
      className="wizard-skip"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) submit();
      }}
    >
      <label htmlFor="skip-reason">{t('checklists.wizard.skipReason')}</label>
      <textarea id="skip-reason" ref={ref} rows={2} required value={reason} onChange={(e) => setReason(e.target.value)} />
      {options.length > 0 && (
        <>
          <label htmlFor="skip-via">{t('checklists.wizard.skipVia')}</label>
          <select id="skip-via" value={via} onChange={(e) => setVia(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </>
      )}
      <div className="wizard-buttons">
        <button type="submit" className="primary" disabled={busy || !reason.trim()}>
          {t('checklists.wizard.skipConfirm')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
