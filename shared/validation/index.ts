export { problemEn, type ProblemKey } from './messages.en';
export { problemFr } from './messages.fr';
export { englishProblem, hint, hintKey, interpolate, localizeProblem, said, ProblemText, type ProblemParams, type Translate } from './text';
export { describeIssue, type DescribedIssue } from './zod-issue';
