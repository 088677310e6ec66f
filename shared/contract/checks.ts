/** Preventive health checks: the Health view's grid, the at-risk list, and the plan that runs (issue 13). */
import { z } from 'zod';
import { CheckStatus } from '../checks';
import { LocalizedText } from '../checklists';
import { ProblemText } from '../validation';
import { call } from './define';

export const HealthCell = z.object({
  host: z.string(),
  checkId: z.string(),
  status: CheckStatus,
  value: z.string().nullable(),
  atMs: z.number(),
  detail: z.string().nullable(),
  /** The open incident of this host x check. */
  ticketId: z.string().nullable(),
  /** Changed between failing and not failing too often lately (shared/checks/flapping.ts). */
  flapping: z.boolean(),
  /** For an unreachable host: when it is tried again (back-off, shared/checks/schedule.ts). */
  nextTryMs: z.number().nullable(),
  /** The series' last readings, oldest first, with their value as a number where it is one (sparklines). */
  recent: z.array(z.object({ atMs: z.number(), status: CheckStatus, value: z.number().nullable() })),
});
export type HealthCell = z.infer<typeof HealthCell>;

export const AtRisk = z.object({
  host: z.string(),
  checkId: z.string(),
  /** Days until the disk is full at the current slope; null for a check failing now. */
  daysLeft: z.number().nullable(),
  status: CheckStatus,
  ticketId: z.string().nullable(),
  /** Changing between failing and not failing: listed even while it passes. */
  flapping: z.boolean(),
  /** For an unreachable host: when it is tried again, as in the grid. */
  nextTryMs: z.number().nullable(),
});
export type AtRisk = z.infer<typeof AtRisk>;

export const HealthOverview = z.object({
  plan: z.object({ id: z.string(), version: z.int(), title: LocalizedText, enabled: z.boolean(), source: z.string() }),
  checks: z.array(z.object({ id: z.string(), title: LocalizedText, probe: z.string() })),
  hosts: z.array(z.string()),
  /** Where each host of the grid is, from the host book (this machine and removed hosts have none). */
  hostInfo: z.array(z.object({ name: z.string(), site: z.string().nullable(), tags: z.array(z.string()) })),
  cells: z.array(HealthCell),
  /** Failing checks first, then flapping ones, then the forecasts, soonest first. */
  atRisk: z.array(AtRisk),
});
export type HealthOverview = z.infer<typeof HealthOverview>;

/** One thing wrong with a plan's YAML, where the editor shows it. */
export const PlanProblem = z.object({ line: z.int(), col: z.int(), field: z.string(), message: z.string(), text: ProblemText.optional() });
export type PlanProblem = z.infer<typeof PlanProblem>;

export const PlanSource = z.object({
  id: z.string(),
  version: z.int(),
  source: z.string(),
  yaml: z.string(),
  enabled: z.boolean(),
  /** Plans are written by N2 and N3, like checklists. */
  canEdit: z.boolean(),
});
export type PlanSource = z.infer<typeof PlanSource>;

export const checkCalls = {
  'checks.overview': call(z.object({}).strict(), HealthOverview),
  /** One round of the plan shown (due checks, or all), as a job. */
  'checks.runRound': call(z.object({ all: z.boolean().default(false) }).strict(), z.object({ jobId: z.string() })),
  /**
   * Stores a plan version from its YAML (refused whole, with `file:line:col: field: message` problems, if it has
   * errors: the plan running before keeps running) and optionally enables it. N2 and N3 only.
   */
  'checks.savePlan': call(
    z.object({ yaml: z.string().min(1).max(1_000_000), source: z.string().max(500).default('plan.yaml'), enable: z.boolean().default(false) }).strict(),
    z.object({ id: z.string(), version: z.int() }),
  ),
  /** The YAML of the plan the Health view shows, for the plan editor. */
  'checks.plan': call(z.object({}).strict(), PlanSource),
  /** Checks a plan's YAML without storing it: every problem with its line and field (empty when it would be accepted). */
  'checks.validatePlan': call(z.object({ yaml: z.string().max(1_000_000), source: z.string().max(500).default('plan.yaml') }).strict(), z.object({ problems: z.array(PlanProblem) })),
  /** Turns background runs of a plan on (`id`) or off (null). */
  'checks.enable': call(z.object({ id: z.string().min(1).max(100).nullable() }).strict(), z.object({ ok: z.literal(true) })),
};
