import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { conclusionEffect, type ConclusionEffect, type ConclusionStep, type Step } from '../../../shared/checklists';
import type { ChecklistRun, RunAction } from '../../../shared/contract';
import { isOpen, type Ticket } from '../../../shared/tickets';
import { useCall, useCallMutation } from '../../api/client';
import { DialogForm } from '../../components/Dialog';
import { useShortcuts } from '../../shortcuts';
import { ErrorNotice } from '../../shell/ErrorNotice';
import { PathList, ProbeResult } from './PathList';
import { SkipForm } from './SkipForm';
import { loc, stepText, useLang } from './texts';
import { useProbeJob } from './use-probe-job';
import { useCategoryName } from '../ticket/category-name';

const REFRESH = ['checklists.run', 'checklists.runs', 'tickets.get'] as const;

/**
 * One step at a time, with the path so far. Every answer is a ticket event made by the core, so closing the
 * wizard (or the app) and coming back resumes where the run stopped. Keys: digits answer, Enter continues,
 * Backspace goes back, s skips.
 */
export function Wizard({ ticket, runId, onClose }: { ticket: Ticket; runId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const run = useCall('checklists.run', { ticketId: ticket.id, runId });
  const record = useCallMutation('checklists.record', [...REFRESH]);
  const probe = useProbeJob(ticket.id, runId);
  const [skipping, setSkipping] = useState(false);
  const stepRef = useRef<HTMLDivElement>(null);
  const actedAt = useRef(0);
  const data = run.data;
  const step = data?.document.steps.find((s) => s.id === data.currentStepId);
  const open = isOpen(ticket.status) || ticket.status === 'resolved';
  // The record call stays pending until every refreshed view is fetched again (the ticket's timeline too);
  // the run itself is fresh as soon as it was fetched after the action, so the next key acts at once.
  const recording = record.isPending && run.dataUpdatedAt <= actedAt.current;
  const busy = recording || probe.job.state === 'running';
  const editable = Boolean(data && !data.applied && open);

  // A new step takes the focus, so the keys act on it and a screen reader reads it.
  useEffect(() => {
    setSkipping(false);
    stepRef.current?.focus();
  }, [data?.currentStepId, data?.path.length]);

  const act = (action: RunAction) => {
    if (!editable || busy) return;
    probe.reset();
    record.reset();
    actedAt.current = Date.now();
    void record.mutateAsync({ ticketId: ticket.id, runId, action }).catch(() => undefined);
  };

  useShortcuts([
    ...Array.from({ length: 9 }, (_, i) => ({ keys: String(i + 1), run: () => step?.kind === 'question' && i < step.answers.length && act({ kind: 'answer', answer: i }) })),
    // On a conclusion, Enter belongs to its Apply (bound by the Conclusion itself).
    ...(step?.kind === 'conclusion'
      ? []
      : [
          {
            keys: 'Enter',
            run: () => {
              if (step?.kind === 'instruction') act({ kind: 'instruction', outcome: 'done' });
              if (step?.kind === 'probe' && editable) void probe.start();
            },
          },
        ]),
    { keys: 'Backspace', run: () => data && data.path.length > 0 && act({ kind: 'back' }) },
    { keys: 's', run: () => editable && step?.kind !== 'conclusion' && setSkipping(true) },
  ]);

  if (run.error) return <ErrorNotice error={run.error} />;
  if (!data || !step) return <p className="muted">{t('common.loading')}</p>;
  const last = data.path.at(-1);
  const lastStep = last && data.document.steps.find((s) => s.id === last.stepId);

  return (
    <section className="wizard" aria-label={t('checklists.wizard.label')}>
      <header className="wizard-header">
        <div>
          <h3>{loc(data.document.title, lang)}</h3>
          <p className="muted small">
            {t('checklists.wizard.version', { version: data.version })} · {data.probeTarget.target === 'remote' ? t('checklists.wizard.remote', { host: data.probeTarget.host }) : t('checklists.wizard.local')}
          </p>
        </div>
        <button type="button" onClick={onClose}>
          {t('checklists.wizard.close')}
        </button>
      </header>
      {data.ignored > 0 && <p className="notice">{t('checklists.wizard.ignored', { count: data.ignored })}</p>}
      <details className="wizard-path-box" open={data.path.length <= 8}>
        <summary>
          {t('checklists.wizard.path')} ({data.path.length})
        </summary>
        <PathList run={data} />
      </details>
      {last?.record.kind === 'probe' && lastStep && (
        <div className="wizard-last" role="status">
          <span className="muted small">{t('checklists.wizard.lastResult', { step: stepText(lastStep, lang) })}</span>
          <ProbeResult record={last.record} probe={lastStep.kind === 'probe' ? lastStep.probe : undefined} />
        </div>
      )}
      <div className={`wizard-step kind-${step.kind}`} ref={stepRef} tabIndex={-1} aria-live="polite">
        <p className="wizard-step-kind muted small">
          {step.kind === 'conclusion' ? t('checklists.wizard.conclusion') : `${t('checklists.wizard.step', { n: data.path.length + 1 })} · ${t(`checklists.kind.${step.kind}`)}`}
        </p>
        {step.kind === 'conclusion' ? (
          <Conclusion ticket={ticket} run={data} step={step} />
        ) : (
          <StepBody step={step} run={data} editable={editable} busy={busy} onAct={act} probe={probe} />
        )}
        {step.help && <p className="muted prewrap">{loc(step.help, lang)}</p>}
      </div>
      {skipping && <SkipForm step={step} busy={busy} onCancel={() => setSkipping(false)} onSkip={(reason, via) => act({ kind: 'skip', reason, ...(via === undefined ? {} : { via }) })} />}
      {record.error && <ErrorNotice error={record.error} />}
      {editable && (
        <div className="wizard-buttons wizard-nav">
          <button type="button" disabled={busy || data.path.length === 0} onClick={() => act({ kind: 'back' })} aria-keyshortcuts="Backspace">
            ← {t('checklists.wizard.back')} <kbd>⌫</kbd>
          </button>
          {step.kind !== 'conclusion' && !skipping && (
            <button type="button" disabled={busy} onClick={() => setSkipping(true)} aria-keyshortcuts="S">
              {t('checklists.wizard.skip')} <kbd>s</kbd>
            </button>
          )}
          <span className="muted small">{t('checklists.wizard.keys')}</span>
        </div>
      )}
    </section>
  );
}

function StepBody({ step, run, editable, busy, onAct, probe }: { step: Exclude<Step, ConclusionStep>; run: ChecklistRun; editable: boolean; busy: boolean; onAct: (action: RunAction) => void; probe: ReturnType<typeof useProbeJob> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { job } = probe;
  return (
    <>
      <p className="wizard-text prewrap">{stepText(step, lang)}</p>
      {step.kind === 'question' && (
        <div className="wizard-answers" role="group" aria-label={t('checklists.wizard.pick')}>
          {step.answers.map((answer, index) => (
            <button key={index} type="button" disabled={!editable || busy} onClick={() => onAct({ kind: 'answer', answer: index })} aria-keyshortcuts={index < 9 ? String(index + 1) : undefined}>
              {index < 9 && <kbd>{index + 1}</kbd>} {loc(answer.label, lang)}
            </button>
          ))}
        </div>
      )}
      {step.kind === 'instruction' && (
        <div className="wizard-buttons">
          <button type="button" className="primary" disabled={!editable || busy} onClick={() => onAct({ kind: 'instruction', outcome: 'done' })} aria-keyshortcuts="Enter">
            {t('checklists.wizard.done')} <kbd>↵</kbd>
          </button>
          <button type="button" disabled={!editable || busy} onClick={() => onAct({ kind: 'instruction', outcome: 'failed' })}>
            {t('checklists.wizard.failed')}
          </button>
        </div>
      )}
      {step.kind === 'probe' && (
        <div className="wizard-probe">
          <p className="muted small">
            <code>{step.probe}</code> · {run.probeTarget.target === 'remote' ? run.probeTarget.host : t('checklists.wizard.local')}
          </p>
          {job.state === 'running' ? (
            <div className="wizard-running" role="status">
              <span className="spinner" aria-hidden="true" /> {t('checklists.wizard.running')}
              <button type="button" onClick={probe.cancel} disabled={!('jobId' in job) || !job.jobId}>
                {t('checklists.wizard.cancel')}
              </button>
            </div>
          ) : (
            <button type="button" className="primary" disabled={!editable || busy} onClick={() => void probe.start()} aria-keyshortcuts="Enter">
              {t('checklists.wizard.runProbe')} <kbd>↵</kbd>
            </button>
          )}
          {job.state === 'cancelled' && <p className="muted">{t('checklists.wizard.cancelled')}</p>}
          {job.state === 'failed' && <ErrorNotice error={job.error} />}
        </div>
      )}
    </>
  );
}

function Conclusion({ ticket, run, step }: { ticket: Ticket; run: ChecklistRun; step: ConclusionStep }) {
  const categoryName = useCategoryName();
  const { t } = useTranslation();
  const lang = useLang();
  const apply = useCallMutation('checklists.apply', ['tickets.get', 'tickets.query', 'tickets.stats', 'checklists.run', 'checklists.runs']);
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const effect = conclusionEffect(ticket, step);
  const canApply = !run.applied && isOpen(ticket.status);
  const ask = () => canApply && !apply.isPending && setConfirming(true);
  const doApply = () => {
    setConfirming(false);
    void apply.mutateAsync({ ticketId: ticket.id, runId: run.runId, lang, ...(note.trim() ? { note: note.trim() } : {}) }).catch(() => undefined);
  };
  useShortcuts([{ keys: 'Enter', run: () => !confirming && ask() }]);
  const summary = effect.resolves ? t('checklists.wizard.applyResolves') : effect.escalateTo ? t('checklists.wizard.applyEscalates', { level: effect.escalateTo }) : t('checklists.wizard.applyComments');
  return (
    <div className="wizard-conclusion">
      <h4>{t('checklists.diagnosis')}</h4>
      <p className="wizard-text">{loc(step.diagnosis, lang)}</p>
      <h4>{t('checklists.resolution')}</h4>
      <p className="prewrap">{loc(step.resolution, lang)}</p>
      <dl className="wizard-facts">
        <dt>{t('checklists.escalate')}</dt>
        <dd>{step.escalate === 'none' ? t('checklists.noEscalation') : `${step.escalate} — ${loc(step.escalation_reason, lang)}`}</dd>
        {step.category && (
          <>
            <dt>{t('checklists.suggestedCategory')}</dt>
            <dd title={step.category}>{categoryName(step.category)}</dd>
          </>
        )}
      </dl>
      {run.applied ? (
        <p className="notice notice-ok" role="status">
          ✓ {t('checklists.wizard.applied')}
        </p>
      ) : (
        canApply && (
          <div className="wizard-apply">
            <p className="muted small">{summary}</p>
            <label htmlFor="apply-note">{t('checklists.wizard.applyNote')}</label>
            <textarea id="apply-note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
            <button type="button" className="primary" disabled={apply.isPending} onClick={ask} aria-keyshortcuts="Enter">
              {t('checklists.wizard.apply')} <kbd>↵</kbd>
            </button>
          </div>
        )
      )}
      {confirming && <ConfirmApply step={step} effect={effect} note={note.trim()} onCancel={() => setConfirming(false)} onConfirm={doApply} />}
      {apply.error && <ErrorNotice error={apply.error} />}
    </div>
  );
}

/** Says exactly what applying will change on the ticket, with the texts; Enter confirms, Escape cancels. */
function ConfirmApply({ step, effect, note, onCancel, onConfirm }: { step: ConclusionStep; effect: ConclusionEffect; note: string; onCancel: () => void; onConfirm: () => void }) {
  const categoryName = useCategoryName();
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <DialogForm title={t('checklists.confirm.title')} onCancel={onCancel} onSubmit={onConfirm} submitLabel={t('checklists.confirm.submit')}>
      <ul className="confirm-effects">
        {effect.category && <li>{t('checklists.confirm.category', { category: categoryName(effect.category) })}</li>}
        {effect.escalateTo && (
          <li>
            <strong>{t('checklists.confirm.escalate', { level: effect.escalateTo })}</strong>
            <blockquote className="prewrap">{loc(step.escalation_reason, lang) || loc(step.diagnosis, lang)}</blockquote>
          </li>
        )}
        {effect.resolves ? (
          <li>
            <strong>{t('checklists.confirm.resolve')}</strong>
            <blockquote className="prewrap">{loc(step.resolution, lang)}</blockquote>
            {t('checklists.confirm.rootCause', { cause: loc(step.diagnosis, lang) })}
          </li>
        ) : (
          <li>
            <strong>{t('checklists.confirm.comment')}</strong>
            <blockquote className="prewrap">{`${loc(step.diagnosis, lang)}\n${loc(step.resolution, lang)}`}</blockquote>
          </li>
        )}
        {note && <li>{t('checklists.confirm.note', { note })}</li>}
      </ul>
    </DialogForm>
  );
}
