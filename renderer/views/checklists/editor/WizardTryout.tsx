import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { successors, type ChecklistDocument, type Step } from '../../../../shared/checklists';
import { ConclusionFacts } from '../ChecklistPreview';
import { loc, stepText, useLang } from '../texts';

/**
 * The wizard as N1 will meet it, walked by hand: the author picks each answer or outcome and sees the next
 * step. Nothing runs and nothing is recorded.
 */
export function WizardTryout({ doc }: { doc: ChecklistDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [path, setPath] = useState<string[]>([doc.start]);
  // A new text may drop the steps walked so far: start again from its start step.
  useEffect(() => setPath((p) => (p.every((id) => doc.steps.some((s) => s.id === id)) && p[0] === doc.start ? p : [doc.start])), [doc]);
  const byId = new Map(doc.steps.map((s) => [s.id, s]));
  const current = byId.get(path.at(-1)!);
  const follow = (to: string) => setPath((p) => [...p, to]);
  return (
    <section className="card" aria-labelledby="tryout-title">
      <h2 id="tryout-title">{t('checklists.editor.preview')}</h2>
      <p className="muted small">{t('checklists.editor.previewHelp')}</p>
      <p className="small">
        <strong>{loc(doc.title, lang)}</strong> · v{doc.version}
      </p>
      {path.length > 1 && (
        <ol className="small tryout-path">
          {path.slice(0, -1).map((id, i) => (
            <li key={`${id}-${i}`}>
              <code>{id}</code>
            </li>
          ))}
        </ol>
      )}
      {current && (
        <div className={`preview-step kind-${current.kind}`}>
          <div className="preview-step-head">
            <span className={`kind-tag kind-${current.kind}`}>{t(`checklists.kind.${current.kind}`)}</span>
            <span className="muted small">{t('checklists.wizard.step', { n: path.length })}</span>
          </div>
          <p className="prewrap">{stepText(current, lang)}</p>
          {current.help && <p className="muted small prewrap">{loc(current.help, lang)}</p>}
          <Branches step={current} onFollow={follow} />
        </div>
      )}
      <div className="actions">
        <button type="button" onClick={() => setPath((p) => (p.length > 1 ? p.slice(0, -1) : p))} disabled={path.length < 2}>
          {t('checklists.wizard.back')}
        </button>
        <button type="button" onClick={() => setPath([doc.start])} disabled={path.length < 2}>
          {t('checklists.editor.restart')}
        </button>
      </div>
    </section>
  );
}

function Branches({ step, onFollow }: { step: Step; onFollow: (to: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (step.kind === 'conclusion') return <ConclusionFacts step={step} />;
  return (
    <div className="actions">
      {successors(step).map(({ via, to }) => {
        const answer = /^answers\[(\d+)\]$/.exec(via);
        const label = answer && step.kind === 'question' ? loc(step.answers[Number(answer[1])]?.label, lang) : step.kind === 'probe' ? t(`checklists.wizard.result.${via}`) : t(`checklists.branches.${via}`);
        return (
          <button key={via} type="button" onClick={() => onFollow(to)}>
            {label}
          </button>
        );
      })}
    </div>
  );
}
