import { describe, expect, it } from 'vitest';
import { parseChecklistText } from '../../../electron/core/checklists/load';
import { locateProblems, withVersion } from '../../../electron/core/checklists/positions';
import { draftTemplate } from '../../../electron/core/checklists/template';

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('placing validator problems in the YAML text', () => {
  it('starts authors from a template that validates', () => {
    expect(parseChecklistText(draftTemplate('new-checklist'), 'new.yaml').problems).toEqual([]);
  });

  it('puts a wrong reference, a bad rule value and an unknown key on their own lines', () => {
    const text = draftTemplate('x')
      .replace('next: { done: fixed, failed: escalate }', 'next: { done: fixd, failed: escalate }')
      .replace('op: "<", value: 5 }', 'op: "<", value: "five" }')
      .replace('    kind: conclusion\n    diagnosis: { fr: "Cause', '    kind: conclusion\n    colour: red\n    diagnosis: { fr: "Cause');
    const result = parseChecklistText(text, 'x.yaml');
    const located = locateProblems(text, result.problems);
    const at = (stepId: string, field: string) => located.find((p) => p.stepId === stepId && p.field === field);
    expect(at('escalate', 'colour')?.line).toBe(lineOf(text, 'colour: red'));
    // The schema stops at the unknown key; fix it and the graph and rules are checked.
    const fixed = text.replace('    colour: red\n', '');
    const again = locateProblems(fixed, parseChecklistText(fixed, 'x.yaml').problems);
    expect(again.find((p) => p.stepId === 'clean-up' && p.field === 'next.done')).toMatchObject({ line: lineOf(fixed, 'done: fixd') });
    expect(again.find((p) => p.stepId === 'check-free' && p.field.startsWith('rules[0].when'))).toMatchObject({ line: lineOf(fixed, 'value: "five"') });
  });

  it('places a missing field on its step and a YAML syntax error where the parser saw it', () => {
    const text = draftTemplate('x').replace('    escalate: none\n', '');
    const missing = locateProblems(text, parseChecklistText(text, 'x.yaml').problems).find((p) => p.field === 'escalate');
    expect(missing).toMatchObject({ stepId: 'fixed' });
    expect(missing?.line).toBe(lineOf(text, '- id: fixed'));
    const broken = 'id: x\nversion: 1\nsteps: [\n';
    const syntax = locateProblems(broken, parseChecklistText(broken, 'x.yaml').problems);
    expect(syntax[0]).toMatchObject({ field: 'yaml' });
    expect(syntax[0]?.line).toBeGreaterThan(0);
  });

  it('raises the version of a published text keeping its comments', () => {
    const text = '# disks\nid: pc\nversion: 3 # bumped by hand\ntitle: { fr: a, en: b }\n';
    const next = withVersion(text, 4);
    expect(next).toContain('# disks');
    expect(next).toMatch(/^version: 4/m);
    expect(next).toContain('title: { fr: a, en: b }');
  });
});
