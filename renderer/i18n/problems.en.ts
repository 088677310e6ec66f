import { problemEn } from '../../shared/validation';

/**
 * The checklist and plan validators' problems, by key (`validationProblem.<key>`). The words live in
 * shared/validation so the CLI prints the same English as the editors show; merged into en.ts.
 */
export const problemsEn = { validationProblem: problemEn };
