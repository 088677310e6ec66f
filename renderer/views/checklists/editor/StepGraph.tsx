import { useTranslation } from 'react-i18next';
import { buildGraph, reachableFrom, successors, type ChecklistDocument, type Step } from '../../../../shared/checklists';
import { loc, useLang, type Lang } from '../texts';

/** How a branch is named: the answer's label, or the outcome (done, pass, …). */
function branchLabel(step: Step, via: string, lang: Lang, t: (key: string) => string): string {
  const answer = /^answers\[(\d+)\]$/.exec(via);
  if (answer && step.kind === 'question') return loc(step.answers[Number(answer[1])]?.label, lang);
  return t(`checklists.branches.${via}`);
}

/** Steps in the order a run meets them (breadth-first from the start), then the ones no path reaches. */
function ordered(doc: ChecklistDocument): { step: Step; reachable: boolean }[] {
  const graph = buildGraph(doc.steps);
  const reachable = reachableFrom(graph, doc.start);
  const seen: string[] = [];
  const queue = graph.byId.has(doc.start) ? [doc.start] : [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (seen.includes(id)) continue;
    seen.push(id);
    queue.push(...(graph.edges.get(id) ?? []));
  }
  const rest = [...graph.byId.keys()].filter((id) => !seen.includes(id));
  return [...seen, ...rest].map((id) => ({ step: graph.byId.get(id)!, reachable: reachable.has(id) }));
}

/** The checklist as a graph an author can read: each step, each branch and where it leads; unreachable steps flagged. */
export function StepGraph({ doc }: { doc: ChecklistDocument }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <section className="card" aria-labelledby="graph-title">
      <h2 id="graph-title">{t('checklists.editor.graph')}</h2>
      <p className="muted small">{t('checklists.editor.graphHelp')}</p>
      <ul className="step-graph">
        {ordered(doc).map(({ step, reachable }) => (
          <li key={step.id} className={reachable ? undefined : 'unreachable'}>
            <span className={`kind-tag kind-${step.kind}`}>{t(`checklists.kind.${step.kind}`)}</span> <code>{step.id}</code>
            {!reachable && (
              <>
                {' '}
                <strong className="tag tag-legacy">{t('checklists.editor.unreachable')}</strong>
              </>
            )}
            {step.kind === 'conclusion' ? (
              <span className="muted small"> · {t('checklists.editor.end')}</span>
            ) : (
              <ul>
                {successors(step).map(({ via, to }) => (
                  <li key={via}>
                    {branchLabel(step, via, lang, t)} → <code>{to}</code>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
