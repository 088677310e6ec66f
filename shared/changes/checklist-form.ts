/**
 * A checklist procedure written by hand (the New change form): its declared answers as text, one
 * `step-id = answer` a line (a question's answer by number, 0 the first; an instruction's done or failed),
 * and its success conclusions as a list. Parsing says what is wrong by line; what the answers mean against
 * the checklist is `checklistProcedureProblems`, the rule the save uses.
 */
import type { StepAnswer } from './unattended';

export type AnswerLineProblemCode = 'line_format' | 'answer_value' | 'duplicate_step';

export interface AnswerLineProblem {
  line: number;
  code: AnswerLineProblemCode;
  values: Record<string, string | number>;
  message: string;
}

const LINE = /^([^=\s]+)\s*=\s*(\S+)$/;

export function parseChecklistAnswers(text: string): { answers: Record<string, StepAnswer>; problems: AnswerLineProblem[] } {
  const answers: Record<string, StepAnswer> = {};
  const problems: AnswerLineProblem[] = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = i + 1;
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const match = LINE.exec(trimmed);
    if (!match) {
      problems.push({ line, code: 'line_format', values: { line, text: trimmed }, message: `line ${line}: write step-id = answer (got "${trimmed}")` });
      continue;
    }
    const [, step, value] = match as unknown as [string, string, string];
    const answer: StepAnswer | null = /^\d{1,3}$/.test(value) ? Number(value) : value === 'done' || value === 'failed' ? value : null;
    if (answer === null) {
      problems.push({ line, code: 'answer_value', values: { line, step, value }, message: `line ${line}: the answer to "${step}" is a number (0 is a question's first answer), done or failed; got "${value}"` });
    } else if (step in answers) {
      problems.push({ line, code: 'duplicate_step', values: { line, step }, message: `line ${line}: "${step}" is answered twice` });
    } else answers[step] = answer;
  }
  return { answers, problems };
}

/** The conclusions listed (commas or spaces between them); none listed is undefined: the checklist's default then. */
export function parseConclusions(text: string): string[] | undefined {
  const ids = text.split(/[\s,]+/).filter(Boolean);
  return ids.length > 0 ? ids : undefined;
}
