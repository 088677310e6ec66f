/** Preventive health checks: the Health view's grid, the at-risk list, and the plan that runs (issue 13). */
import { z } from 'zod';
import { CheckStatus } from '../checks';
import { LocalizedText } from '../checklists';
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
});
export type HealthCell = z.infer<typeof HealthCell>;

export const AtRisk = z.object({
  host: z.string(),
  checkId: z.string(),
  /** Days until the disk is full at the current slope; null for a check failing now. */
  daysLeft: z.number().nullable(),
  status: CheckStatus,
  ticketId: z.string().nullable(),
});
export type AtRisk = z.infer<typeof AtRisk>;

export const HealthOverview = z.object({
  plan: z.object({ id: z.string(), version: z.int(), title: LocalizedText, enabled: z.boolean(), source: z.string() }),
  checks: z.array(z.object({ id: z.string(), title: LocalizedText, probe: z.string() })),
  hosts: z.array(z.string()),
  cells: z.array(HealthCell),
  /** Failing checks first, then the forecasts, soonest first. */
  atRisk: z.array(AtRisk),
});
export type HealthOverview = z.infer<typeof HealthOverview>;

export const checkCalls = {
  'checks.overview': call(z.object({}).strict(), HealthOverview),
  /** One round of the plan shown (due checks, or all), as a job. */
  'checks.runRound': call(z.object({ all: z.boolean().default(false) }).strict(), z.object({ jobId: z.string() })),
  /** Stores a plan version from its YAML (refused whole, with `file:line:col: field: message` problems, if it has errors) and optionally enables it. */
  'checks.savePlan': call(
    z.object({ yaml: z.string().min(1).max(1_000_000), source: z.string().max(500).default('plan.yaml'), enable: z.boolean().default(false) }).strict(),
    z.object({ id: z.string(), version: z.int() }),
  ),
  /** Turns background runs of a plan on (`id`) or off (null). */
  'checks.enable': call(z.object({ id: z.string().min(1).max(100).nullable() }).strict(), z.object({ ok: z.literal(true) })),
};
