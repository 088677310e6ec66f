import { describe, expect, it } from 'vitest';
import { checklistProcedureProblems, ChecklistProcedure, parseChecklistAnswers, parseConclusions } from '../../../shared/changes';
import { ChecklistDocument } from '../../../shared/checklists';
import { parseOrThrow } from '../../../shared/contract';

const text = (en: string) => ({ en, fr: en });
const doc = ChecklistDocument.parse({
  id: 'pre-update',
  version: 2,
  title: text('Before the update'),
  start: 'users-off',
  steps: [
    { id: 'users-off', kind: 'question', text: text('Are the users logged off?'), answers: [{ label: text('Yes'), next: 'tell' }, { label: text('No'), next: 'later' }] },
    { id: 'tell', kind: 'instruction', text: text('Tell the user.'), next: { done: 'ready', failed: 'later' } },
    { id: 'ready', kind: 'conclusion', diagnosis: text('Ready.'), resolution: text('Go.'), escalate: 'none' },
    { id: 'later', kind: 'conclusion', diagnosis: text('Not now.'), resolution: text('Come back.'), escalate: 'none', resolves: false },
  ],
});

describe('a checklist procedure written by hand', () => {
  it('reads one step-id = answer a line: numbers for questions, done or failed for instructions, blank lines ignored', () => {
    const parsed = parseChecklistAnswers('users-off = 0\n\n  tell=failed  \n');
    expect(parsed).toEqual({ answers: { 'users-off': 0, tell: 'failed' }, problems: [] });
    // What the form sends is what the save accepts.
    expect(checklistProcedureProblems(doc, parseOrThrow(ChecklistProcedure, { id: 'pre-update', version: 2, answers: parsed.answers }))).toEqual([]);
  });

  it('names the line of each text that is not an answer, a value that is no answer, and a step answered twice', () => {
    const { answers, problems } = parseChecklistAnswers('users-off 0\ntell = maybe\nusers-off = 1\nusers-off = 0');
    expect(answers).toEqual({ 'users-off': 1 });
    expect(problems.map(({ line, code, values }) => ({ line, code, values }))).toEqual([
      { line: 1, code: 'line_format', values: { line: 1, text: 'users-off 0' } },
      { line: 2, code: 'answer_value', values: { line: 2, step: 'tell', value: 'maybe' } },
      { line: 4, code: 'duplicate_step', values: { line: 4, step: 'users-off' } },
    ]);
    expect(problems[1]?.message).toBe('line 2: the answer to "tell" is a number (0 is a question\'s first answer), done or failed; got "maybe"');
  });

  it('the save\'s rule gives each problem a code and the values the form says it with', () => {
    const plan = parseOrThrow(ChecklistProcedure, { id: 'pre-update', version: 2, answers: { 'users-off': 5, tell: 1, ready: 0, nope: 'done' }, succeedsAt: ['ready', 'tell'] });
    expect(checklistProcedureProblems(doc, plan).map(({ path, code, values }) => ({ path, code, values }))).toEqual([
      { path: 'procedure.checklist.answers.users-off', code: 'question_answer', values: { step: 'users-off', count: 2 } },
      { path: 'procedure.checklist.answers.tell', code: 'instruction_answer', values: { step: 'tell' } },
      { path: 'procedure.checklist.answers.ready', code: 'not_answerable', values: { step: 'ready', kind: 'conclusion' } },
      { path: 'procedure.checklist.answers.nope', code: 'no_step', values: { step: 'nope', checklist: 'pre-update v2' } },
      { path: 'procedure.checklist.succeedsAt.1', code: 'not_conclusion', values: { step: 'tell', checklist: 'pre-update v2' } },
    ]);
  });

  it('lists success conclusions separated by commas or spaces; none listed leaves the default', () => {
    expect(parseConclusions('ready, later  other')).toEqual(['ready', 'later', 'other']);
    expect(parseConclusions(' , ')).toBeUndefined();
  });
});
