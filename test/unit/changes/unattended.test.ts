import { describe, expect, it } from 'vitest';
import { advanceUnattended, checklistProcedureProblems, ChecklistProcedure, conclusionSucceeds, MAX_UNATTENDED_STEPS, Procedure } from '../../../shared/changes';
import { ChecklistDocument, type RecordedStep } from '../../../shared/checklists';
import { parseOrThrow } from '../../../shared/contract';

const text = (en: string) => ({ en, fr: en });
const doc = ChecklistDocument.parse({
  id: 'pre-update',
  version: 2,
  title: text('Before the update'),
  start: 'users-off',
  steps: [
    { id: 'users-off', kind: 'question', text: text('Are the users logged off?'), answers: [{ label: text('Yes'), next: 'free' }, { label: text('No'), next: 'later' }] },
    { id: 'free', kind: 'probe', probe: 'disk.free', rules: [{ when: { field: 'free_percent', op: '<', value: 10 }, result: 'fail' }], next: { pass: 'tell', fail: 'full' } },
    { id: 'tell', kind: 'instruction', text: text('Tell the user.'), next: { done: 'ready', failed: 'later' } },
    { id: 'ready', kind: 'conclusion', diagnosis: text('Ready.'), resolution: text('Go.'), escalate: 'none' },
    { id: 'full', kind: 'conclusion', diagnosis: text('Disk full.'), resolution: text('Free space.'), escalate: 'N2', escalation_reason: text('space') },
    { id: 'later', kind: 'conclusion', diagnosis: text('Not now.'), resolution: text('Come back.'), escalate: 'none', resolves: false },
  ],
});
const plan = (answers: Record<string, number | string>, succeedsAt?: string[]) => parseOrThrow(ChecklistProcedure, { id: 'pre-update', version: 2, answers, ...(succeedsAt ? { succeedsAt } : {}) });
const probe = (result: 'pass' | 'fail'): RecordedStep => ({ kind: 'probe', stepId: 'free', reading: { available: true, free_percent: result === 'pass' ? 50 : 2 }, result });

describe('a checklist run unattended', () => {
  it('answers what the procedure declares, stops at each probe, and ends at the conclusion with its verdict', () => {
    const p = plan({ 'users-off': 0, tell: 'done' });
    const first = advanceUnattended(doc, p, []);
    expect(first.records).toEqual([{ kind: 'answer', stepId: 'users-off', answer: 0 }]);
    expect(first.next).toMatchObject({ kind: 'probe', step: { id: 'free' } });
    const passed = advanceUnattended(doc, p, [...first.records, probe('pass')]);
    expect(passed.records.at(-1)).toEqual({ kind: 'instruction', stepId: 'tell', outcome: 'done' });
    expect(passed.next).toMatchObject({ kind: 'concluded', conclusion: { id: 'ready' }, succeeded: true });
    expect(advanceUnattended(doc, p, [...first.records, probe('fail')]).next).toMatchObject({ kind: 'concluded', conclusion: { id: 'full' }, succeeded: false });
  });

  it('a question or instruction with no declared answer needs a human, with the step and its words', () => {
    expect(advanceUnattended(doc, plan({}), []).next).toEqual({
      kind: 'needs_human',
      step: expect.objectContaining({ id: 'users-off' }),
      reason: 'needs a human: step "users-off" asks "Are the users logged off?" and the procedure gives no answer for it',
    });
  });

  it('by default a conclusion that would resolve a ticket is a success; succeedsAt names them instead', () => {
    const step = (id: string) => doc.steps.find((s) => s.id === id) as Parameters<typeof conclusionSucceeds>[0];
    expect([conclusionSucceeds(step('ready'), {}), conclusionSucceeds(step('full'), {}), conclusionSucceeds(step('later'), {})]).toEqual([true, false, false]);
    expect(conclusionSucceeds(step('later'), { succeedsAt: ['later'] })).toBe(true);
    expect(conclusionSucceeds(step('ready'), { succeedsAt: ['later'] })).toBe(false);
  });

  it('answers that go round in circles end as needing a human, not as a loop without end', () => {
    const loop = ChecklistDocument.parse({
      ...doc,
      start: 'a',
      steps: [
        { id: 'a', kind: 'question', text: text('Again?'), answers: [{ label: text('Yes'), next: 'b' }, { label: text('No'), next: 'end' }] },
        { id: 'b', kind: 'instruction', text: text('Do it.'), next: { done: 'a', failed: 'end' } },
        { id: 'end', kind: 'conclusion', diagnosis: text('End.'), resolution: text('End.'), escalate: 'none' },
      ],
    });
    const out = advanceUnattended(loop, plan({ a: 0, b: 'done' }), []);
    expect(out.next.kind).toBe('too_long');
    expect(out.records).toHaveLength(MAX_UNATTENDED_STEPS);
  });

  it('names every answer, conclusion and probe that does not fit the checklist', () => {
    const bad = plan({ 'users-off': 2, tell: 1, free: 'done', nope: 0 }, ['ready', 'tell']);
    expect(checklistProcedureProblems(doc, bad).map(({ path, message }) => ({ path, message }))).toEqual([
      { path: 'procedure.checklist.answers.users-off', message: 'step "users-off" is a question: answer with the number of one of its 2 answers (0 is the first)' },
      { path: 'procedure.checklist.answers.tell', message: 'step "tell" is an instruction: answer done or failed' },
      { path: 'procedure.checklist.answers.free', message: 'step "free" is a probe: only questions and instructions take an answer' },
      { path: 'procedure.checklist.answers.nope', message: 'the checklist pre-update v2 has no step "nope"' },
      { path: 'procedure.checklist.succeedsAt.1', message: '"tell" is not a conclusion of the checklist pre-update v2' },
    ]);
    expect(checklistProcedureProblems(doc, plan({ 'users-off': 1, tell: 'failed' }))).toEqual([]);
  });

  it('a procedure runs a script or a checklist, exactly one, and a checklist only with sh', () => {
    expect(() => parseOrThrow(Procedure, { script: 'true', checklist: { id: 'pre-update', version: 2 } })).toThrow(/exactly one of the two/);
    expect(() => parseOrThrow(Procedure, {})).toThrow(/exactly one of the two/);
    expect(() => parseOrThrow(Procedure, { shell: 'powershell', checklist: { id: 'pre-update', version: 2 } })).toThrow(/cannot be powershell/);
    expect(parseOrThrow(Procedure, { checklist: { id: 'pre-update', version: 2 } }).checklist).toEqual({ id: 'pre-update', version: 2, answers: {} });
  });
});
