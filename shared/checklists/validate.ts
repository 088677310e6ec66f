import type { z } from 'zod';
import { BUILTIN_CATEGORIES, unknownCategory } from '../categories';
import { formatPath } from '../contract/errors';
import { buildGraph, canReachConclusion, isCycle, reachableFrom, stronglyConnected } from './graph';
import { probeDeclaration } from './probes';
import { checkCondition } from './rules';
import { ChecklistDocument, successors, type Step } from './schema';

/** One thing wrong with a checklist file, printed as `file:step:field: message`. */
export interface Problem {
  readonly file: string;
  /** The step's id, or `-` for the document itself. */
  readonly stepId: string;
  /** Dotted path inside the step (or the document): `next.fail`, `rules[1].when.value`, `title.fr`. */
  readonly field: string;
  readonly message: string;
}

export const DOCUMENT = '-';

export type ValidationResult =
  | { readonly ok: true; readonly document: ChecklistDocument; readonly problems: readonly [] }
  | { readonly ok: false; readonly document?: undefined; readonly problems: readonly Problem[] };

export function formatProblem(p: Problem): string {
  return `${p.file}:${p.stepId}:${p.field || DOCUMENT}: ${p.message}`;
}

/**
 * Validates an already parsed document (YAML or JSON): the schema first, then the graph, the probes and
 * the categories, which must exist in `categories` (the tree; the built-in one when no database is at hand).
 */
export function validateChecklist(input: unknown, file: string, categories: ReadonlySet<string> = BUILTIN_CATEGORIES): ValidationResult {
  const parsed = ChecklistDocument.safeParse(input);
  if (!parsed.success) return { ok: false, problems: schemaProblems(parsed.error, input, file) };
  const problems = [...graphProblems(parsed.data, file), ...categoryProblems(parsed.data, file, categories)];
  return problems.length === 0 ? { ok: true, document: parsed.data, problems: [] } : { ok: false, problems };
}

function schemaProblems(error: z.ZodError, input: unknown, file: string): Problem[] {
  const rawSteps = (input as { steps?: unknown } | null)?.steps;
  return error.issues.map((issue) => {
    let path = [...issue.path];
    // Name the offending key itself rather than the object that holds it.
    if (issue.code === 'unrecognized_keys') path = [...path, issue.keys.join(',')];
    let stepId = DOCUMENT;
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      const raw = Array.isArray(rawSteps) ? (rawSteps[path[1]] as { id?: unknown } | undefined) : undefined;
      stepId = typeof raw?.id === 'string' && raw.id !== '' ? raw.id : `steps[${path[1]}]`;
      path = path.slice(2);
    }
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) message = `required field is missing (${issue.expected} expected)`;
    if (issue.code === 'invalid_union' && path.length === 1 && path[0] === 'kind') message = 'kind must be question, instruction, probe or conclusion';
    return { file, stepId, field: formatPath(path) || DOCUMENT, message };
  });
}

function graphProblems(doc: ChecklistDocument, file: string): Problem[] {
  const problems: Problem[] = [];
  const add = (stepId: string, field: string, message: string) => problems.push({ file, stepId, field, message });
  const ids = new Set<string>();
  for (const step of doc.steps) {
    if (ids.has(step.id)) add(step.id, 'id', `duplicate step id "${step.id}"`);
    ids.add(step.id);
  }
  if (!ids.has(doc.start)) add(DOCUMENT, 'start', `start refers to "${doc.start}", which is not a step`);

  for (const step of doc.steps) {
    for (const { via, to } of successors(step)) {
      if (!ids.has(to)) add(step.id, fieldOf(step, via), `"${to}" is not a step of this checklist`);
    }
    if (step.kind === 'probe') probeProblems(step, add);
    if (step.kind === 'conclusion' && step.escalate !== 'none' && !step.escalation_reason) {
      add(step.id, 'escalation_reason', `escalating to ${step.escalate} needs an escalation_reason (fr and en)`);
    }
  }

  const graph = buildGraph(doc.steps);
  const reachable = reachableFrom(graph, doc.start);
  if (ids.has(doc.start)) {
    for (const id of graph.byId.keys()) if (!reachable.has(id)) add(id, 'id', 'unreachable: no path from start leads to this step');
  }
  const good = canReachConclusion(graph);
  const doomed = new Set([...reachable].filter((id) => !good.has(id)));
  const inDeadCycle = new Set<string>();
  for (const component of stronglyConnected(graph, doomed)) {
    if (!isCycle(graph, component)) continue;
    component.forEach((id) => inDeadCycle.add(id));
    const first = component[0]!;
    add(first, 'next', `cycle with no way out: ${[...component, first].join(' -> ')} never reaches a conclusion`);
  }
  for (const id of doomed) {
    if (!inDeadCycle.has(id)) add(id, 'next', 'no path from this step reaches a conclusion');
  }
  return problems;
}

function categoryProblems(doc: ChecklistDocument, file: string, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  doc.applies_to.categories.forEach((category, index) => {
    const message = unknownCategory(category, known);
    if (message) problems.push({ file, stepId: DOCUMENT, field: `applies_to.categories[${index}]`, message });
  });
  for (const step of doc.steps) {
    const message = step.kind === 'conclusion' && step.category !== undefined ? unknownCategory(step.category, known) : null;
    if (message) problems.push({ file, stepId: step.id, field: 'category', message });
  }
  return problems;
}

function fieldOf(step: Step, via: string): string {
  if (step.kind === 'question') return `${via}.next`;
  return `next.${via}`;
}

function probeProblems(step: Extract<Step, { kind: 'probe' }>, add: (stepId: string, field: string, message: string) => void): void {
  const declaration = probeDeclaration(step.probe);
  if (!declaration) {
    add(step.id, 'probe', `unknown probe "${step.probe}"`);
    return;
  }
  const args = declaration.args.safeParse(step.args);
  if (!args.success) {
    for (const issue of args.error.issues) {
      const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys.join(',')] : issue.path;
      const message = issue.code === 'unrecognized_keys' ? `${step.probe} takes no argument ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message;
      add(step.id, formatPath(['args', ...path]), message);
    }
  }
  step.rules.forEach((rule, index) => {
    const problem = checkCondition(rule.when, declaration.reading);
    if (problem) add(step.id, `rules[${index}].when.${problem.part}`, problem.message);
    if (rule.result === 'warn' && !step.next.warn) add(step.id, 'next.warn', `rules[${index}] can give warn but next.warn is missing`);
  });
}
