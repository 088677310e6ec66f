import { z } from 'zod';
import { hint, said } from '../validation/text';
import { Condition, LocalizedText, OsFamily } from '../checklists';

/** The check plan file format: which probes run on which hosts, how often, with which thresholds. */

export const PLAN_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CHECK_ID = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `15m`, `6h`, `1d` in milliseconds; null when the text is not one. */
export function durationMs(text: string): number | null {
  const match = DURATION.exec(text);
  if (!match) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

const Duration = (min: number, max: number, what: string) => {
  const words = said('hintDuration', { what, min: min / 1000, max: max / 86_400_000 });
  return z.string().refine(
    (t) => {
      const ms = durationMs(t);
      return ms !== null && ms >= min && ms <= max;
    },
    { message: words.message, params: { key: words.text.key, values: words.text.params } },
  );
};

/** A threshold: one condition, or several that must all hold. */
export const Threshold = z.union([Condition, z.array(Condition).min(1)]);
export type Threshold = z.infer<typeof Threshold>;

/** Which hosts a check runs on; every list given must match (empty = all). `local` is this machine. */
export const AppliesTo = z
  .object({
    hosts: z.array(z.string().min(1)).default([]),
    tags: z.array(z.string().min(1)).default([]),
    /** The host book's site (building, agency, office), compared without regard to case. */
    sites: z.array(z.string().trim().min(1, hint('hintSiteEmpty')).max(120)).default([]),
    os: z.array(OsFamily).default([]),
  })
  .strict();
export type AppliesTo = z.infer<typeof AppliesTo>;

export const TrendKind = z.enum(['disk_full']);

export const CheckDefinition = z
  .object({
    id: z.string().regex(CHECK_ID, hint('hintCheckId')),
    title: LocalizedText,
    probe: z.string().min(1),
    args: z.record(z.string(), z.unknown()).default({}),
    every: Duration(60_000, 30 * 86_400_000, 'every'),
    /** Overrides the probe's own time limit. */
    timeout: Duration(1_000, 600_000, 'timeout').optional(),
    applies_to: AppliesTo.default({ hosts: [], tags: [], sites: [], os: [] }),
    /** The reading field shown as the check's last value. */
    value: z.string().min(1).optional(),
    warn: Threshold.optional(),
    fail: Threshold.optional(),
    /** A forecast computed from the readings (disk_full: from free_bytes over time). */
    trend: TrendKind.optional(),
  })
  .strict();
export type CheckDefinition = z.infer<typeof CheckDefinition>;

export const PlanDocument = z
  .object({
    id: z.string().regex(PLAN_ID, hint('hintPlanId')),
    version: z.int().min(1),
    title: LocalizedText,
    /** Passes in a row that resolve an open incident by themselves. */
    resolve_after: z.int().min(1).max(100).default(3),
    /** How long readings are kept. */
    retention: Duration(86_400_000, 3650 * 86_400_000, 'retention').default('90d'),
    /** Whether the checks also run on this machine (as the host `local`). */
    local: z.boolean().default(false),
    checks: z.array(CheckDefinition).min(1, hint('hintOneCheck')),
  })
  .strict();
export type PlanDocument = z.infer<typeof PlanDocument>;

/** What one run of a check gave on one host. `unreachable` stands for the whole host. */
export const CheckStatus = z.enum(['pass', 'warn', 'fail', 'unavailable', 'unreachable']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** The host name this machine goes by in plans and readings. */
export const LOCAL_HOST = 'local';
/** The check id an unreachable host's one result is stored under. */
export const REACH_CHECK = 'host.reachable';
