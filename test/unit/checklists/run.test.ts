import { describe, expect, it } from 'vitest';
import { back, canGoBack, currentStep, record, replay, RunError, validateChecklist, type ChecklistDocument, type RecordedStep } from '../../../shared/checklists';

const t = (s: string) => ({ fr: `${s} fr`, en: `${s} en` });
const parsed = validateChecklist(
  {
    id: 'run-demo',
    version: 2,
    title: t('Run'),
    start: 'ask',
    steps: [
      { id: 'ask', kind: 'question', text: t('Q'), answers: [{ label: t('disk'), next: 'check-disk' }, { label: t('other'), next: 'do-it' }] },
      {
        id: 'check-disk',
        kind: 'probe',
        probe: 'disk.free',
        rules: [{ when: { field: 'free_percent', op: '<', value: 10 }, result: 'fail' }],
        next: { pass: 'ok', fail: 'do-it', unavailable: 'do-it' },
      },
      { id: 'do-it', kind: 'instruction', text: t('Do'), next: { done: 'ok', failed: 'escalate' } },
      { id: 'ok', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'none' },
      { id: 'escalate', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'N2', escalation_reason: t('W') },
    ],
  },
  'run-demo.yaml',
);
if (!parsed.ok) throw new Error('fixture invalid');
const doc: ChecklistDocument = parsed.document;

const answerDisk: RecordedStep = { kind: 'answer', stepId: 'ask', answer: 0 };
const lowDisk: RecordedStep = { kind: 'probe', stepId: 'check-disk', reading: { available: true, free_percent: 3 }, result: 'fail', raw: 'df output' };

describe('replaying a run', () => {
  it('starts on the start step', () => {
    expect(currentStep(doc, []).id).toBe('ask');
  });

  it('follows answers, probe results and instruction outcomes to a conclusion', () => {
    const state = replay(doc, [answerDisk, lowDisk, { kind: 'instruction', stepId: 'do-it', outcome: 'failed' }]);
    expect(state.path.map((v) => v.step.id)).toEqual(['ask', 'check-disk', 'do-it']);
    expect(state.current.id).toBe('escalate');
    expect(state.conclusion?.escalate).toBe('N2');
  });

  it('goes back by appending a back record, keeping history', () => {
    let records: RecordedStep[] = [answerDisk, lowDisk];
    records = back(doc, records);
    expect(records).toHaveLength(3);
    expect(currentStep(doc, records).id).toBe('check-disk');
    records = back(doc, records);
    expect(currentStep(doc, records).id).toBe('ask');
    expect(canGoBack(doc, records)).toBe(false);
    expect(() => back(doc, records)).toThrow(RunError);
    // A different answer after going back takes the other branch.
    records = record(doc, records, { kind: 'answer', stepId: 'ask', answer: 1 });
    expect(currentStep(doc, records).id).toBe('do-it');
  });

  it('skips a probe with a reason: follows the unavailable branch by default', () => {
    const records = record(doc, [answerDisk], { kind: 'skipped', stepId: 'check-disk', reason: 'no admin rights' });
    expect(currentStep(doc, records).id).toBe('do-it');
  });

  it('skips an instruction (done by default) and a question only with the branch to follow', () => {
    const afterSkip = record(doc, [{ kind: 'answer', stepId: 'ask', answer: 1 }], { kind: 'skipped', stepId: 'do-it', reason: 'user away' });
    expect(currentStep(doc, afterSkip).id).toBe('ok');
    expect(() => record(doc, [], { kind: 'skipped', stepId: 'ask', reason: 'unknown' })).toThrow(/needs the answer index/);
    expect(currentStep(doc, record(doc, [], { kind: 'skipped', stepId: 'ask', reason: 'user unsure', via: 1 })).id).toBe('do-it');
  });

  it('refuses a skip without a reason', () => {
    expect(() => record(doc, [answerDisk], { kind: 'skipped', stepId: 'check-disk', reason: '  ' })).toThrow(/reason/);
  });

  it('names the record that does not fit', () => {
    expect(() => replay(doc, [answerDisk, { kind: 'answer', stepId: 'ask', answer: 0 }])).toThrow(/record 1: recorded for step "ask" but the current step is "check-disk"/);
    expect(() => replay(doc, [{ kind: 'answer', stepId: 'ask', answer: 5 }])).toThrow(/record 0: step ask has no answer 5/);
    expect(() => replay(doc, [{ kind: 'instruction', stepId: 'ask', outcome: 'done' }])).toThrow(/expected an answer/);
    expect(() => replay(doc, [answerDisk, lowDisk, { kind: 'instruction', stepId: 'do-it', outcome: 'done' }, { kind: 'answer', stepId: 'ok', answer: 0 }])).toThrow(/conclusion/);
  });

  it('uses the recorded probe result, so a replay never re-runs or re-judges a probe', () => {
    const passDespiteLow: RecordedStep = { ...lowDisk, result: 'pass' } as RecordedStep;
    expect(currentStep(doc, [answerDisk, passDespiteLow]).id).toBe('ok');
  });
});
