import { describe, expect, it } from 'vitest';
import { BUILTIN_PLAN_FILE, BUILTIN_PLAN_YAML, formatPlanProblem, parsePlanText } from '../../../electron/core/checks';

const plan = (checks: string) => `id: team-plan
version: 2
title: { fr: Parc, en: Fleet }
checks:
${checks}`;

const diskCheck = `  - id: disk
    title: { fr: Disque, en: Disk }
    probe: disk.free
    every: 1h
    fail: { field: free_percent, op: "<", value: 5 }
`;

describe('check plan files', () => {
  it('accepts the built-in plan, with its defaults filled in', () => {
    const loaded = parsePlanText(BUILTIN_PLAN_YAML, BUILTIN_PLAN_FILE);
    expect(loaded.ok, loaded.ok ? '' : loaded.problems.map(formatPlanProblem).join('\n')).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.plan.resolve_after).toBe(3);
    expect(loaded.plan.checks.map((c) => c.probe)).toEqual(expect.arrayContaining(['disk.free', 'disk.smart', 'os.uptime', 'log.grep', 'memory.errors']));
  });

  it('refuses a threshold on a field the probe does not give, naming line and field', () => {
    const text = plan(`${diskCheck}  - id: smart
    title: { fr: SMART, en: SMART }
    probe: disk.smart
    every: 1d
    fail: { field: healthy, op: "==", value: false }
`);
    const loaded = parsePlanText(text, 'fleet.yaml');
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    expect(loaded.problems).toHaveLength(1);
    const [problem] = loaded.problems;
    expect(problem).toMatchObject({ file: 'fleet.yaml', line: 14, field: 'checks[1].fail.field' });
    expect(formatPlanProblem(problem!)).toMatch(/^fleet\.yaml:14:20: checks\[1\]\.fail\.field: "healthy" is not a field/);
  });

  it('names each wrong field on its own line: unknown probe, bad argument, bad duration, unknown key', () => {
    const text = plan(`  - id: a
    title: { fr: A, en: A }
    probe: disk.nothing
    every: 1h
  - id: b
    title: { fr: B, en: B }
    probe: disk.free
    args: { mount: relative/path }
    every: 1h
  - id: c
    title: { fr: C, en: C }
    probe: os.uptime
    every: soon
    colour: red
`);
    const loaded = parsePlanText(text, 'p.yaml');
    if (loaded.ok) throw new Error('expected problems');
    const byField = Object.fromEntries(loaded.problems.map((p) => [p.field, p.line]));
    // The schema is checked first: the duration and the unknown key, then (once it fits) probes and args.
    expect(byField).toEqual({ 'checks[2].every': 17, 'checks[2].colour': 18 });
    const second = parsePlanText(text.replace('every: soon\n    colour: red\n', 'every: 1h\n'), 'p.yaml');
    if (second.ok) throw new Error('expected problems');
    expect(Object.fromEntries(second.problems.map((p) => [p.field, p.line]))).toEqual({ 'checks[0].probe': 7, 'checks[1].args.mount': 12 });
  });

  it('reports a YAML syntax error with its line, and a duplicate check id', () => {
    const broken = parsePlanText('id: x\nversion: 1\ntitle: { fr: a, en: b\nchecks: []\n', 'bad.yaml');
    if (broken.ok) throw new Error('expected problems');
    expect(broken.problems[0]).toMatchObject({ file: 'bad.yaml', field: 'yaml' });
    expect(broken.problems[0]!.line).toBeGreaterThanOrEqual(3);
    const dup = parsePlanText(plan(diskCheck + diskCheck), 'dup.yaml');
    if (dup.ok) throw new Error('expected problems');
    expect(dup.problems.map(formatPlanProblem)).toEqual(['dup.yaml:10:9: checks[1].id: duplicate check id "disk"']);
  });

  it('targets hosts by site, and names line and field of an empty site', () => {
    const ok = parsePlanText(plan(`${diskCheck}    applies_to: { sites: [Lyon, Agence Nord] }\n`), 'p.yaml');
    if (!ok.ok) throw new Error(ok.problems.map(formatPlanProblem).join('\n'));
    expect(ok.plan.checks[0]!.applies_to.sites).toEqual(['Lyon', 'Agence Nord']);
    const bad = parsePlanText(plan(`${diskCheck}    applies_to:\n      sites:\n        - Lyon\n        - ""\n`), 'p.yaml');
    if (bad.ok) throw new Error('expected a problem');
    expect(bad.problems).toEqual([expect.objectContaining({ line: 13, field: 'checks[0].applies_to.sites[1]', message: 'a site name cannot be empty' })]);
    const wrongType = parsePlanText(plan(`${diskCheck}    applies_to: { sites: Lyon }\n`), 'p.yaml');
    if (wrongType.ok) throw new Error('expected a problem');
    expect(wrongType.problems[0]).toMatchObject({ line: 10, field: 'checks[0].applies_to.sites' });
  });
});
