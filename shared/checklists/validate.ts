import type { z } from 'zod';
import { BUILTIN_CATEGORIES, unknownCategory } from '../categories';
import { formatPath } from '../contract/errors';
import { buildGraph, canReachConclusion, isCycle, reachableFrom, stronglyConnected } from './graph';
import { probeDeclaration } from './probes';
import { checkCondition } from './rules';
import { ChecklistDocument, successors, type Step } from './schema';
import { describeIssue, said, type ProblemText } from '../validation';

/** One thing wrong with a checklist file, printed as `file:step:field: message`. */
export interface Problem {
  readonly file: string;
  /** The step's id, or `-` for the document itself. */
  readonly stepId: string;
  /** Dotted path inside the step (or the document): `next.fail`, `rules[1].when.value`, `title.fr`. */
  readonly field: string;
  /** In English; `text` is the same problem as a key of the problem catalogue (shared/validation). */
  readonly message: string;
  readonly text?: ProblemText;
}

export const DOCUMENT = '-';

type Words = { readonly message: string; readonly text: ProblemText };

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
    const described = describeIssue(issue, input);
    let path = described.path;
    let stepId = DOCUMENT;
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      const raw = Array.isArray(rawSteps) ? (rawSteps[path[1]] as { id?: unknown } | undefined) : undefined;
      stepId = typeof raw?.id === 'string' && raw.id !== '' ? raw.id : `steps[${path[1]}]`;
      path = path.slice(2);
    }
    return { file, stepId, field: formatPath(path) || DOCUMENT, message: described.message, text: described.text };
  });
}

function graphProblems(doc: ChecklistDocument, file: string): Problem[] {
  const problems: Problem[] = [];
  const add = (stepId: string, field: string, words: Words) => problems.push({ file, stepId, field, ...words });
  const ids = new Set<string>();
  for (const step of doc.steps) {
    if (ids.has(step.id)) add(step.id, 'id', said('duplicateStepId', { id: step.id }));
    ids.add(step.id);
  }
  if (!ids.has(doc.start)) add(DOCUMENT, 'start', said('startNotStep', { to: doc.start }));

  for (const step of doc.steps) {
    for (const { via, to } of successors(step)) {
      if (!ids.has(to)) add(step.id, fieldOf(step, via), said('notAStep', { to }));
    }
    if (step.kind === 'probe') probeProblems(step, add);
    if (step.kind === 'conclusion' && step.escalate !== 'none' && !step.escalation_reason) {
      add(step.id, 'escalation_reason', said('escalationReason', { level: step.escalate }));
    }
  }

  const graph = buildGraph(doc.steps);
  const reachable = reachableFrom(graph, doc.start);
  if (ids.has(doc.start)) {
    for (const id of graph.byId.keys()) if (!reachable.has(id)) add(id, 'id', said('unreachableStep'));
  }
  const good = canReachConclusion(graph);
  const doomed = new Set([...reachable].filter((id) => !good.has(id)));
  const inDeadCycle = new Set<string>();
  for (const component of stronglyConnected(graph, doomed)) {
    if (!isCycle(graph, component)) continue;
    component.forEach((id) => inDeadCycle.add(id));
    const first = component[0]!;
    add(first, 'next', said('deadCycle', { cycle: [...component, first].join(' -> ') }));
  }
  for (const id of doomed) {
    if (!inDeadCycle.has(id)) add(id, 'next', said('noConclusion'));
  }
  return problems;
}

function categoryProblems(doc: ChecklistDocument, file: string, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  doc.applies_to.categories.forEach((category, index) => {
    const words = unknownCategory(category, known);
    if (words) problems.push({ file, stepId: DOCUMENT, field: `applies_to.categories[${index}]`, ...words });
  });
  for (const step of doc.steps) {
    const words = step.kind === 'conclusion' && step.category !== undefined ? unknownCategory(step.category, known) : null;
    if (words) problems.push({ file, stepId: step.id, field: 'category', ...words });
  }
  return problems;
}

function fieldOf(step: Step, via: string): string {
  if (step.kind === 'question') return `${via}.next`;
  return `next.${via}`;
}

function probeProblems(step: Extract<Step, { kind: 'probe' }>, add: (stepId: string, field: string, words: Words) => void): void {
  const declaration = probeDeclaration(step.probe);
  if (!declaration) {
    add(step.id, 'probe', said('unknownProbe', { probe: step.probe }));
    return;
  }
  const args = declaration.args.safeParse(step.args);
  if (!args.success) {
    for (const issue of args.error.issues) {
      const { path, message, text } = describeIssue(issue, step.args, { probe: step.probe });
      add(step.id, formatPath(['args', ...path]), { message, text });
    }
  }
  step.rules.forEach((rule, index) => {
    const problem = checkCondition(rule.when, declaration.reading);
    if (problem) add(step.id, `rules[${index}].when.${problem.part}`, { message: problem.message, text: problem.text });
    if (rule.result === 'warn' && !step.next.warn) add(step.id, 'next.warn', said('warnMissing', { index }));
  });
}
