import { problemFr } from '../../shared/validation';
import type { problemsEn } from './problems.en';
import type { Strings } from './strings';

/** Les problèmes des validateurs de checklists et de plans (shared/validation) ; fusionné dans fr.ts. */
export const problemsFr: Strings<typeof problemsEn> = { validationProblem: problemFr };
