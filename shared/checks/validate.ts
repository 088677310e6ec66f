import type { z } from 'zod';
import { checkCondition, probeDeclaration, type Condition } from '../checklists';
import { formatPath } from '../contract/errors';
import { PlanDocument, type CheckDefinition, type Threshold } from './schema';

export type PlanPath = readonly (string | number)[];

/** One thing wrong with a plan; `path` names the field (`checks[2].fail.value`), the loader adds the line. */
export interface PlanIssue {
  readonly path: PlanPath;
  readonly message: string;
}

export type PlanCheck = { readonly ok: true; readonly plan: PlanDocument } | { readonly ok: false; readonly issues: readonly PlanIssue[] };

export function conditionsOf(threshold: Threshold | undefined): readonly Condition[] {
  if (!threshold) return [];
  return Array.isArray(threshold) ? threshold : [threshold];
}

/** Validates a parsed plan: the schema, then each check against its probe's declaration. */
export function validatePlan(input: unknown): PlanCheck {
  const parsed = PlanDocument.safeParse(input);
  if (!parsed.success) return { ok: false, issues: schemaIssues(parsed.error) };
  const issues: PlanIssue[] = [];
  const seen = new Set<string>();
  parsed.data.checks.forEach((check, index) => {
    const at = (...rest: (string | number)[]): PlanPath => ['checks', index, ...rest];
    if (seen.has(check.id)) issues.push({ path: at('id'), message: `duplicate check id "${check.id}"` });
    seen.add(check.id);
    issues.push(...checkIssues(check, at));
  });
  return issues.length === 0 ? { ok: true, plan: parsed.data } : { ok: false, issues };
}

function schemaIssues(error: z.ZodError): PlanIssue[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { path: [...issue.path, issue.keys[0]!] as PlanPath, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    return { path: issue.path as PlanPath, message: missing ? `required field is missing (${issue.expected} expected)` : issue.message };
  });
}

function checkIssues(check: CheckDefinition, at: (...rest: (string | number)[]) => PlanPath): PlanIssue[] {
  const declaration = probeDeclaration(check.probe);
  if (!declaration) return [{ path: at('probe'), message: `unknown probe "${check.probe}"` }];
  const issues: PlanIssue[] = [];
  const args = declaration.args.safeParse(check.args);
  if (!args.success) {
    for (const issue of args.error.issues) {
      const unknown = issue.code === 'unrecognized_keys';
      issues.push({ path: at('args', ...(issue.path as (string | number)[]), ...(unknown ? [issue.keys[0]!] : [])), message: unknown ? `${check.probe} takes no argument ${issue.keys.map((k) => `"${k}"`).join(', ')}` : issue.message });
    }
  }
  if (check.value !== undefined && !declaration.reading[check.value]) {
    issues.push({ path: at('value'), message: `"${check.value}" is not a field of ${check.probe}'s reading (fields: ${Object.keys(declaration.reading).join(', ')})` });
  }
  for (const level of ['warn', 'fail'] as const) {
    const threshold = check[level];
    conditionsOf(threshold).forEach((condition, i) => {
      const problem = checkCondition(condition, declaration.reading);
      if (problem) issues.push({ path: Array.isArray(threshold) ? at(level, i, problem.part) : at(level, problem.part), message: problem.message });
    });
  }
  if (check.trend === 'disk_full' && check.probe !== 'disk.free') issues.push({ path: at('trend'), message: `disk_full is computed from disk.free readings, not ${check.probe}` });
  return issues;
}

export function formatPlanPath(path: PlanPath): string {
  return formatPath([...path]) || '-';
}
