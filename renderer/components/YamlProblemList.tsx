import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { localizeProblem, type ProblemText } from '../../shared/validation';

/** A validator's problem in the interface's language (its English message when the key is unknown here). */
export function useProblemMessage(): (problem: { readonly message: string; readonly text?: ProblemText | undefined }) => string {
  const { t, i18n } = useTranslation();
  return (problem) =>
    localizeProblem(
      problem.text,
      problem.message,
      (key, params) => t(`validationProblem.${key}`, params),
      (key) => i18n.exists(`validationProblem.${key}`),
    );
}

/**
 * The problems of a YAML document being edited (a checklist, a check plan): each one a button that takes
 * the caret to its line; one without a line is shown but cannot be followed.
 */
export function YamlProblemList<P extends { readonly line?: number | undefined }>({ problems, label, onGo, children }: { problems: readonly P[]; label: string; onGo: (problem: P) => void; children: (problem: P) => ReactNode }) {
  return (
    <ul className="editor-problems" aria-label={label}>
      {problems.map((problem, index) => (
        <li key={index}>
          <button type="button" className="problem-link" onClick={() => onGo(problem)} disabled={problem.line === undefined}>
            {children(problem)}
          </button>
        </li>
      ))}
    </ul>
  );
}
