import { useTranslation } from 'react-i18next';
import type { ChecklistDocument, Step } from '../../../shared/checklists';
import { loc, stepText, useLang } from './texts';
import { useCategoryName } from '../ticket/category-name';

/** A read-only view of a checklist's steps, in document order, with where each branch leads. */
export function ChecklistPreview({ doc }: { doc: ChecklistDocument }) {
  const { t } = useTranslation();
  const categoryName = useCategoryName();
  const lang = useLang();
  return (
    <section className="card checklist-preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('checklists.preview', { title: loc(doc.title, lang) })}</h2>
      <p className="muted small">
        <code>{doc.id}</code> · v{doc.version} · {doc.applies_to.os.join(', ')}
        {doc.applies_to.categories.length > 0 && ` · ${doc.applies_to.categories.map(categoryName).join(', ')}`}
      </p>
      {doc.description && <p>{loc(doc.description, lang)}</p>}
      <p className="small">
        {t('checklists.start')} <StepLink to={doc.start} />
      </p>
      <ol className="preview-steps">
        {doc.steps.map((step) => (
          <li key={step.id} id={`step-${step.id}`} tabIndex={-1} className={`preview-step kind-${step.kind}`}>
            <div className="preview-step-head">
              <span className={`kind-tag kind-${step.kind}`}>{t(`checklists.kind.${step.kind}`)}</span>
              <code>{step.id}</code>
            </div>
            <p className="prewrap">{stepText(step, lang)}</p>
            <StepDetails step={step} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Jumps to a step of the preview (the URL hash is the app's route, so no anchors). */
function StepLink({ to }: { to: string }) {
  const jump = () => {
    const target = document.getElementById(`step-${to}`);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  };
  return (
    <button type="button" className="step-link" onClick={jump}>
      {to}
    </button>
  );
}

function Goes({ to }: { to: string }) {
  const { t } = useTranslation();
  return (
    <>
      {' '}
      {t('checklists.goesTo')} <StepLink to={to} />
    </>
  );
}

function StepDetails({ step }: { step: Step }) {
  const { t } = useTranslation();
  const lang = useLang();
  switch (step.kind) {
    case 'question':
      return (
        <ul className="preview-branches">
          {step.answers.map((answer, index) => (
            <li key={index}>
              {index + 1}. {loc(answer.label, lang)}
              <Goes to={answer.next} />
            </li>
          ))}
        </ul>
      );
    case 'instruction':
      return (
        <ul className="preview-branches">
          {(['done', 'failed'] as const).map((b) => (
            <li key={b}>
              {t(`checklists.branches.${b}`)}
              <Goes to={step.next[b]} />
            </li>
          ))}
        </ul>
      );
    case 'probe':
      return (
        <>
          <p className="small">
            <code>{step.probe}</code> {Object.keys(step.args).length > 0 && <code>{JSON.stringify(step.args)}</code>}
          </p>
          <ul className="preview-rules small">
            {step.rules.length === 0 && <li>{t('checklists.noRule')}</li>}
            {step.rules.map((rule, index) => (
              <li key={index}>{t('checklists.rule', { field: rule.when.field, op: rule.when.op, value: JSON.stringify(rule.when.value), result: t(`checklists.branches.${rule.result}`) })}</li>
            ))}
          </ul>
          <ul className="preview-branches">
            {(['pass', 'warn', 'fail', 'unavailable'] as const).map((b) =>
              step.next[b] ? (
                <li key={b}>
                  {t(`checklists.branches.${b}`)}
                  <Goes to={step.next[b]} />
                </li>
              ) : null,
            )}
          </ul>
        </>
      );
    case 'conclusion':
      return <ConclusionFacts step={step} />;
  }
}

/** What a conclusion tells: its resolution, escalation and suggested category. */
export function ConclusionFacts({ step }: { step: Extract<Step, { kind: 'conclusion' }> }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <dl className="wizard-facts small">
      <dt>{t('checklists.resolution')}</dt>
      <dd className="prewrap">{loc(step.resolution, lang)}</dd>
      <dt>{t('checklists.escalate')}</dt>
      <dd>{step.escalate === 'none' ? t('checklists.noEscalation') : `${step.escalate} — ${loc(step.escalation_reason, lang)}`}</dd>
      {step.category && (
        <>
          <dt>{t('checklists.suggestedCategory')}</dt>
          <dd>
            <code>{step.category}</code>
          </dd>
        </>
      )}
    </dl>
  );
}
