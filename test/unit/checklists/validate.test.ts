import { describe, expect, it } from 'vitest';
import { formatProblem, validateChecklist, type Problem } from '../../../shared/checklists';

const t = (s: string) => ({ fr: `${s} (fr)`, en: `${s} (en)` });

/** A small valid document; each case below breaks one thing in a copy of it. */
function base() {
  return {
    id: 'demo',
    version: 1,
    title: t('Demo'),
    start: 'ask',
    steps: [
      { id: 'ask', kind: 'question', text: t('Q'), answers: [{ label: t('A'), next: 'check-disk' }, { label: t('B'), next: 'do-it' }] },
      {
        id: 'check-disk',
        kind: 'probe',
        probe: 'disk.free',
        args: { mount: '/' },
        rules: [{ when: { field: 'free_percent', op: '<', value: 10 }, result: 'warn' }],
        next: { pass: 'ok', warn: 'do-it', fail: 'do-it' },
      },
      { id: 'do-it', kind: 'instruction', text: t('Do'), next: { done: 'ok', failed: 'escalate' } },
      { id: 'ok', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'none' },
      { id: 'escalate', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'N2', escalation_reason: t('Why') },
    ],
  };
}
type Doc = ReturnType<typeof base>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const step = (doc: Doc, id: string): any => doc.steps.find((s) => s.id === id)!;

const cases: [string, (doc: Doc) => unknown, Pick<Problem, 'stepId' | 'field'> & { message: RegExp }][] = [
  ['start missing', (d) => ({ ...d, start: undefined }), { stepId: '-', field: 'start', message: /required/ }],
  ['start points nowhere', (d) => ({ ...d, start: 'nowhere' }), { stepId: '-', field: 'start', message: /not a step/ }],
  ['bad checklist id', (d) => ({ ...d, id: 'Demo Checklist' }), { stepId: '-', field: 'id', message: /a-z/ }],
  ['version not a positive integer', (d) => ({ ...d, version: 0 }), { stepId: '-', field: 'version', message: /./ }],
  ['title without French', (d) => ({ ...d, title: { en: 'Demo' } }), { stepId: '-', field: 'title.fr', message: /missing/ }],
  ['empty English text', (d) => (step(d, 'do-it').text = { fr: 'Faire', en: ' ' }, d), { stepId: 'do-it', field: 'text.en', message: /English/ }],
  ['unknown top-level field', (d) => ({ ...d, colour: 'red' }), { stepId: '-', field: 'colour', message: /unknown field "colour"/ }],
  ['unknown step kind', (d) => (step(d, 'do-it').kind = 'wait', d), { stepId: 'do-it', field: 'kind', message: /question, instruction, probe or conclusion/ }],
  ['question with one answer', (d) => (step(d, 'ask').answers.pop(), d), { stepId: 'ask', field: 'answers', message: /at least two/ }],
  ['unknown step reference', (d) => (step(d, 'ask').answers[1].next = 'missing-step', d), { stepId: 'ask', field: 'answers[1].next', message: /"missing-step" is not a step/ }],
  ['instruction without failed branch', (d) => (delete step(d, 'do-it').next.failed, d), { stepId: 'do-it', field: 'next.failed', message: /missing/ }],
  ['unreachable step', (d) => (d.steps.push({ id: 'orphan', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'none' } as never), d), { stepId: 'orphan', field: 'id', message: /unreachable/ }],
  ['duplicate step id', (d) => (d.steps.push({ ...step(d, 'ok') }), d), { stepId: 'ok', field: 'id', message: /duplicate/ }],
  [
    'cycle with no way out',
    (d) => {
      step(d, 'do-it').next = { done: 'loop-a', failed: 'loop-a' };
      d.steps.push({ id: 'loop-a', kind: 'instruction', text: t('A'), next: { done: 'loop-b', failed: 'loop-b' } } as never);
      d.steps.push({ id: 'loop-b', kind: 'instruction', text: t('B'), next: { done: 'loop-a', failed: 'loop-a' } } as never);
      return d;
    },
    { stepId: 'loop-a', field: 'next', message: /cycle with no way out: loop-a -> loop-b -> loop-a/ },
  ],
  [
    'a step whose every path ends in a closed loop',
    (d) => {
      step(d, 'do-it').next = { done: 'spin', failed: 'spin' };
      d.steps.push({ id: 'spin', kind: 'instruction', text: t('S'), next: { done: 'spin', failed: 'spin' } } as never);
      return d;
    },
    { stepId: 'do-it', field: 'next', message: /no path from this step reaches a conclusion/ },
  ],
  ['unknown probe', (d) => (step(d, 'check-disk').probe = 'disk.magic', d), { stepId: 'check-disk', field: 'probe', message: /unknown probe "disk.magic"/ }],
  ['probe argument of the wrong type', (d) => (step(d, 'check-disk').args = { mount: 42 }, d), { stepId: 'check-disk', field: 'args.mount', message: /./ }],
  ['probe argument that does not exist', (d) => (step(d, 'check-disk').args = { mount: '/', device: '/dev/sda' }, d), { stepId: 'check-disk', field: 'args.device', message: /takes no argument "device"/ }],
  ['shell metacharacters in a probe argument', (d) => ((step(d, 'check-disk').probe = 'service.status'), (step(d, 'check-disk').args = { name: 'x; rm -rf /' }), (step(d, 'check-disk').rules = []), d), { stepId: 'check-disk', field: 'args.name', message: /unit name/ }],
  ['rule on a field the probe does not read', (d) => (step(d, 'check-disk').rules[0].when.field = 'free_gb', d), { stepId: 'check-disk', field: 'rules[0].when.field', message: /not a field/ }],
  ['rule value that does not fit the field', (d) => (step(d, 'check-disk').rules[0].when.value = 'ten', d), { stepId: 'check-disk', field: 'rules[0].when.value', message: /needs a number/ }],
  ['rule op that does not fit the field', (d) => ((step(d, 'check-disk').rules[0].when = { field: 'mount', op: '<', value: 3 }), d), { stepId: 'check-disk', field: 'rules[0].when.op', message: /compares numbers/ }],
  ['unknown rule operator', (d) => (step(d, 'check-disk').rules[0].when.op = '=~', d), { stepId: 'check-disk', field: 'rules[0].when.op', message: /./ }],
  ['warn rule without a warn branch', (d) => (delete step(d, 'check-disk').next.warn, d), { stepId: 'check-disk', field: 'next.warn', message: /can give warn/ }],
  ['escalation without a reason', (d) => (delete step(d, 'escalate').escalation_reason, d), { stepId: 'escalate', field: 'escalation_reason', message: /needs an escalation_reason/ }],
  ['escalation to an unknown level', (d) => (step(d, 'escalate').escalate = 'N4', d), { stepId: 'escalate', field: 'escalate', message: /./ }],
];

describe('validateChecklist', () => {
  it('accepts the base document', () => {
    const result = validateChecklist(base(), 'demo.yaml');
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(cases)('%s', (_name, breakIt, expected) => {
    const result = validateChecklist(breakIt(base()), 'demo.yaml');
    expect(result.ok).toBe(false);
    const match = result.problems.find((p) => p.stepId === expected.stepId && p.field === expected.field);
    expect(match, `got: ${result.problems.map(formatProblem).join(' | ')}`).toBeDefined();
    expect(match!.message).toMatch(expected.message);
    expect(match!.file).toBe('demo.yaml');
  });

  it('names a step by its position when it has no id', () => {
    const doc = base();
    delete (doc.steps[2] as { id?: string }).id;
    const result = validateChecklist(doc, 'x.yaml');
    expect(result.problems.some((p) => p.stepId === 'steps[2]' && p.field === 'id')).toBe(true);
  });

  it('formats a problem as file:step:field: message', () => {
    expect(formatProblem({ file: 'a.yaml', stepId: 'check', field: 'next.fail', message: 'boom' })).toBe('a.yaml:check:next.fail: boom');
  });

  it('rejects a document that is not an object at all', () => {
    expect(validateChecklist('just a string', 'x.yaml').ok).toBe(false);
    expect(validateChecklist(null, 'x.yaml').ok).toBe(false);
  });
});
