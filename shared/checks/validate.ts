import { checkCondition, probeDeclaration, type Condition } from '../checklists';
import { formatPath } from '../contract/errors';
import { describeIssue, said, type ProblemText } from '../validation';
import { PlanDocument, type CheckDefinition, type Threshold } from './schema';

export type PlanPath = readonly (string | number)[];

/** One thing wrong with a plan; `path` names the field (`checks[2].fail.value`), the loader adds the line. */
export interface PlanIssue {
  readonly path: PlanPath;
  /** In English; `text` is the same problem as a key of the problem catalogue (shared/validation). */
  readonly message: string;
  readonly text: ProblemText;
}

export type PlanCheck = { readonly ok: true; readonly plan: PlanDocument } | { readonly ok: false; readonly issues: readonly PlanIssue[] };

export function conditionsOf(threshold: Threshold | undefined): readonly Condition[] {
  if (!threshold) return [];
  return Array.isArray(threshold) ? threshold : [threshold];
}

/** Validates a parsed plan: the schema, then each check against its probe's declaration. */
export function validatePlan(input: unknown): PlanCheck {
  const parsed = PlanDocument.safeParse(input);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => describeIssue(issue, input)) };
  const issues: PlanIssue[] = [];
  const seen = new Set<string>();
  parsed.data.checks.forEach((check, index) => {
    const at = (...rest: (string | number)[]): PlanPath => ['checks', index, ...rest];
    if (seen.has(check.id)) issues.push({ path: at('id'), ...said('duplicateCheckId', { id: check.id }) });
    seen.add(check.id);
    issues.push(...checkIssues(check, at));
  });
  return issues.length === 0 ? { ok: true, plan: parsed.data } : { ok: false, issues };
}

function checkIssues(check: CheckDefinition, at: (...rest: (string | number)[]) => PlanPath): PlanIssue[] {
  const declaration = probeDeclaration(check.probe);
  if (!declaration) return [{ path: at('probe'), ...said('unknownProbe', { probe: check.probe }) }];
  const issues: PlanIssue[] = [];
  const args = declaration.args.safeParse(check.args);
  if (!args.success) {
    for (const issue of args.error.issues) {
      const described = describeIssue(issue, check.args, { probe: check.probe });
      issues.push({ ...described, path: at('args', ...described.path) });
    }
  }
  if (check.value !== undefined && !declaration.reading[check.value]) {
    issues.push({ path: at('value'), ...said('notReadingField', { field: check.value, probe: check.probe, fields: Object.keys(declaration.reading).join(', ') }) });
  }
  for (const level of ['warn', 'fail'] as const) {
    const threshold = check[level];
    conditionsOf(threshold).forEach((condition, i) => {
      const problem = checkCondition(condition, declaration.reading);
      if (problem) issues.push({ path: Array.isArray(threshold) ? at(level, i, problem.part) : at(level, problem.part), message: problem.message, text: problem.text });
    });
  }
  if (check.trend === 'disk_full' && check.probe !== 'disk.free') issues.push({ path: at('trend'), ...said('diskFullProbe', { probe: check.probe }) });
  return issues;
}

export function formatPlanPath(path: PlanPath): string {
  return formatPath([...path]) || '-';
}
