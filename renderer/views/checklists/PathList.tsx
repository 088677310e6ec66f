import { useTranslation } from 'react-i18next';
import { probeDeclaration, readingInWords, unavailableReason, type ChecklistDocument, type RecordedStep } from '../../../shared/checklists';
import type { ChecklistRun } from '../../../shared/contract';
import { loc, stepText, useLang, type Lang } from './texts';

type Visit = ChecklistRun['path'][number];
type ProbeRecord = Extract<RecordedStep, { kind: 'probe' }>;

/** What the technician chose or measured on a step, in words. */
export function useVisitText() {
  const { t } = useTranslation();
  const lang = useLang();
  return (doc: ChecklistDocument, visit: Visit): string => visitText(doc, visit, lang, t);
}

function visitText(doc: ChecklistDocument, visit: Visit, lang: Lang, t: (key: string, options?: Record<string, unknown>) => string): string {
  const step = doc.steps.find((s) => s.id === visit.stepId);
  const record = visit.record;
  switch (record.kind) {
    case 'answer':
      return step?.kind === 'question' ? loc(step.answers[record.answer]?.label, lang) : String(record.answer + 1);
    case 'instruction':
      return t(`checklists.branches.${record.outcome}`);
    case 'probe':
      return t(`checklists.wizard.result.${record.result}`);
    case 'skipped':
      return t('checklists.wizard.skipped', { reason: record.reason });
    case 'back':
      return '';
  }
}

/** A probe's result with its reading in words and units ("66,6 Gio libres sur 252 Gio"), as a coloured line. */
export function ProbeResult({ record, probe, compact = false }: { record: ProbeRecord; probe?: string | undefined; compact?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const text = record.reading.available ? readingInWords(record.reading, lang, probe ? probeDeclaration(probe)?.reading : undefined) : t('checklists.wizard.notAvailable', { reason: unavailableReason(record.reading, lang) });
  return (
    <span className={`probe-result result-${record.result}${compact ? ' compact' : ''}`}>
      <strong>{t(`checklists.wizard.result.${record.result}`)}</strong>
      <span title={compact ? text : undefined}>{text}</span>
    </span>
  );
}

/** The steps answered so far, in order. */
export function PathList({ run }: { run: ChecklistRun }) {
  const { t } = useTranslation();
  const lang = useLang();
  const describe = useVisitText();
  if (run.path.length === 0) return <p className="muted small">{t('checklists.wizard.noPath')}</p>;
  return (
    <ol className="wizard-path">
      {run.path.map((visit, index) => {
        const step = run.document.steps.find((s) => s.id === visit.stepId);
        return (
          <li key={`${index}-${visit.stepId}`}>
            <span className="wizard-path-step">{step ? stepText(step, lang) : visit.stepId}</span>
            {visit.record.kind === 'probe' ? <ProbeResult record={visit.record} probe={step?.kind === 'probe' ? step.probe : undefined} compact /> : <span className={`wizard-path-choice choice-${visit.record.kind}`}>{describe(run.document, visit)}</span>}
          </li>
        );
      })}
    </ol>
  );
}
