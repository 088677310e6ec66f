import { useTranslation } from 'react-i18next';
import { formatProblem } from '../../../../shared/checklists';
import type { Validation } from './use-validation';

export type Located = Validation['problems'][number];

/** The validator's problems as it words them (`file:step:field: message`); each one moves the caret to its line. */
export function ProblemList({ problems, onGo }: { problems: readonly Located[]; onGo: (problem: Located) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="editor-problems" aria-label={t('checklists.editor.problemsTitle')}>
      {problems.map((problem, index) => (
        <li key={index}>
          <button type="button" className="problem-link" onClick={() => onGo(problem)} disabled={problem.line === undefined}>
            <code>{formatProblem(problem)}</code>
            {problem.line !== undefined && <span className="muted small"> · {t('checklists.editor.goTo', { line: problem.line })}</span>}
          </button>
        </li>
      ))}
    </ul>
  );
}
