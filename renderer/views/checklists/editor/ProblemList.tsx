import { useTranslation } from 'react-i18next';
import { formatProblem } from '../../../../shared/checklists';
import { useProblemMessage, YamlProblemList } from '../../../components/YamlProblemList';
import type { Validation } from './use-validation';

export type Located = Validation['problems'][number];

/** The validator's problems as `file:step:field: message`, the message in the interface's language. */
export function ProblemList({ problems, onGo }: { problems: readonly Located[]; onGo: (problem: Located) => void }) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  return (
    <YamlProblemList problems={problems} label={t('checklists.editor.problemsTitle')} onGo={onGo}>
      {(problem) => (
        <>
          <code>{formatProblem({ ...problem, message: message(problem) })}</code>
          {problem.line !== undefined && <span className="muted small"> · {t('checklists.editor.goTo', { line: problem.line })}</span>}
        </>
      )}
    </YamlProblemList>
  );
}
