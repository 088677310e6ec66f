import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateChecklist } from '../../../shared/checklists';
import { validatePlan } from '../../../shared/checks';
import { describeIssue, englishProblem, interpolate, localizeProblem, problemEn, problemFr, type ProblemText } from '../../../shared/validation';

/** What the French editor shows: the same formatter as the CLI, over the French catalogue. */
const french = (problem: { message: string; text?: ProblemText }) =>
  localizeProblem(problem.text, problem.message, (key, params) => interpolate(problemFr[key as keyof typeof problemFr], params), (key) => key in problemFr);

const Doc = z
  .object({
    version: z.int().min(1),
    os: z.enum(['linux', 'windows']),
    steps: z.array(z.string()).min(1),
    name: z.string().min(1),
  })
  .strict();

function issues(input: unknown) {
  const parsed = Doc.safeParse(input);
  if (parsed.success) throw new Error('expected issues');
  return parsed.error.issues.map((issue) => describeIssue(issue, input));
}

describe('zod issues as problem keys with their parameters', () => {
  it('words each issue code in English and in French, the field path kept (an unknown key names itself)', () => {
    const got = issues({ version: 'two', os: 'macos', steps: [], colour: 'red' });
    expect(got.map((p) => [p.path.join('.'), p.text.key, p.message, french(p)])).toEqual([
      ['version', 'invalidType', 'expected a number, got a string', 'un nombre attendu, reçu un texte'],
      ['os', 'oneOf', 'must be one of "linux", "windows", got "macos"', 'doit valoir "linux", "windows", reçu "macos"'],
      ['steps', 'tooSmallArray', 'needs at least 1 item(s)', 'au moins 1 élément(s)'],
      ['name', 'required', 'required field is missing (a string expected)', 'champ obligatoire absent (un texte attendu)'],
      ['colour', 'unknownField', 'unknown field "colour"', 'champ inconnu "colour"'],
    ]);
    expect(got[0]!.text.params).toEqual({ expected: 'number', received: 'string' });
  });

  it('gives a number below its minimum, and a missing enum value, their own words', () => {
    const got = issues({ version: 0, steps: ['a'], name: 'x' });
    expect(got.map((p) => [p.path.join('.'), p.message, french(p)])).toEqual([
      ['version', 'must be at least 1', 'au moins 1'],
      ['os', 'required field is missing ("linux", "windows" expected)', 'champ obligatoire absent ("linux", "windows" attendu)'],
    ]);
  });

  it('keeps a schema\'s own wording as a key of its own, with its parameters (a plan\'s duration)', () => {
    const plan = { id: 'Bad Id', version: 1, title: { fr: 'P', en: 'P' }, checks: [{ id: 'c', title: { fr: 'C', en: '' }, probe: 'os.uptime', every: 'soon' }] };
    const checked = validatePlan(plan);
    if (checked.ok) throw new Error('expected issues');
    const byPath = Object.fromEntries(checked.issues.map((i) => [i.path.join('.'), i]));
    expect(byPath['id']!.text).toEqual({ key: 'hintPlanId', params: {} });
    expect(french(byPath['id']!)).toBe('un id de plan s’écrit avec a-z, 0-9 et - entre les mots');
    expect(byPath['checks.0.title.en']!.message).toBe('the English text is missing');
    expect(french(byPath['checks.0.title.en']!)).toBe('le texte anglais manque');
    const every = byPath['checks.0.every']!;
    expect(every.text).toEqual({ key: 'hintDuration', params: { what: 'every', min: 60, max: 30 } });
    expect(every.message).toBe('every: a duration such as 30s, 15m, 6h or 1d, between 60 s and 30 d');
    expect(french(every)).toBe('every : une durée comme 30s, 15m, 6h ou 1d, entre 60 s et 30 j');
  });

  it('words the validators\' own checks by key too: a probe argument, a rule, a step that does not exist', () => {
    const plan = {
      id: 'p', version: 1, title: { fr: 'P', en: 'P' },
      checks: [{ id: 'd', title: { fr: 'D', en: 'D' }, probe: 'disk.free', args: { mount: '/', depth: 2 }, every: '1h', fail: { field: 'free_percent', op: '<', value: 'five' } }],
    };
    const checked = validatePlan(plan);
    if (checked.ok) throw new Error('expected issues');
    expect(checked.issues.map((i) => [i.path.join('.'), i.message, french(i)])).toEqual([
      ['checks.0.args.depth', 'disk.free takes no argument "depth"', 'disk.free ne prend pas l’argument "depth"'],
      ['checks.0.fail.value', '"<" needs a number, got a string', '« < » attend un nombre, reçu un texte'],
    ]);
    const checklist = validateChecklist(
      {
        id: 'c', version: 1, title: { fr: 'C', en: 'C' }, start: 'ask',
        steps: [
          { id: 'ask', kind: 'question', text: { fr: 'Q', en: 'Q' }, answers: [{ label: { fr: 'A', en: 'A' }, next: 'end' }, { label: { fr: 'B', en: 'B' }, next: 'nowhere' }] },
          { id: 'end', kind: 'conclusion', diagnosis: { fr: 'D', en: 'D' }, resolution: { fr: 'R', en: 'R' }, escalate: 'none' },
        ],
      },
      'c.yaml',
    );
    expect(checklist.problems.map((p) => [p.stepId, p.field, p.message, french(p)])).toEqual([['ask', 'answers[1].next', '"nowhere" is not a step of this checklist', '« nowhere » n’est pas une étape de cette checklist']]);
  });

  it('falls back to the English message for a key the catalogue does not have', () => {
    expect(french({ message: 'as the validator said', text: { key: 'somethingNew', params: {} } })).toBe('as the validator said');
    expect(englishProblem({ key: 'unknownProbe', params: { probe: 'disk.nothing' } })).toBe('unknown probe "disk.nothing"');
  });

  it('has every English key in French with the same parameters', () => {
    const names = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(problemEn) as (keyof typeof problemEn)[]) expect(names(problemFr[key]), key).toEqual(names(problemEn[key]));
  });
});
