/**
 * SLA clocks of a ticket: time to own and time to resolve, budgets from its priority.
 *
 * - Calendar time (24/7); business hours are not modelled.
 * - Both clocks count only while the status is new, assigned or in_progress: they PAUSE while pending, and
 *   while a vendor holds the ticket (`vendorSpans`, ITIL's "waiting on a supplier" is a pending state).
 * - Time to own stops at `ownedAt` (first assignment to a person or team, first in_progress, or a
 *   resolution straight from new). Time to resolve stops while resolved or closed and resumes on reopen
 *   (time spent resolved never counts).
 * - State: `breached` once the counted time exceeds the budget (also after the clock stopped, if late);
 *   `at_risk` while less than `atRiskRatio` (default 25 %) of the budget is left and the clock is not
 *   stopped; otherwise `ok`. `dueAt` is when the budget runs out if the clock keeps running (null while
 *   paused or stopped).
 * - Event times are the wall part of their HLC timestamps.
 * Targets come from the priority through a configurable table (DEFAULT_SLA_TABLE); they are not part of the
 * folded ticket, so changing the table needs no rebuild of the projections.
 */
import { z } from 'zod';
import { hlcWallMs } from './hlc';
import type { Status } from './model';
import type { Priority } from './priority';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const SlaTargets = z
  .object({ ownMs: z.int().positive(), resolveMs: z.int().positive() })
  .strict()
  .refine((t) => t.resolveMs >= t.ownMs, { message: 'time to resolve must be at least time to own', path: ['resolveMs'] });
export type SlaTargets = z.infer<typeof SlaTargets>;

export const SlaTable = z.object({ P1: SlaTargets, P2: SlaTargets, P3: SlaTargets, P4: SlaTargets, P5: SlaTargets }).strict();
export type SlaTable = z.infer<typeof SlaTable>;

export const DEFAULT_SLA_TABLE: SlaTable = {
  P1: { ownMs: 15 * MINUTE, resolveMs: 4 * HOUR },
  P2: { ownMs: 30 * MINUTE, resolveMs: 8 * HOUR },
  P3: { ownMs: 2 * HOUR, resolveMs: 24 * HOUR },
  P4: { ownMs: 8 * HOUR, resolveMs: 72 * HOUR },
  P5: { ownMs: 24 * HOUR, resolveMs: 120 * HOUR },
};

export const DEFAULT_AT_RISK_RATIO = 0.25;

export function slaTargetsFor(priority: Priority, table: SlaTable = DEFAULT_SLA_TABLE): SlaTargets {
  return table[priority];
}

export type SlaLevel = 'ok' | 'at_risk' | 'breached';

export interface SlaClock {
  state: SlaLevel;
  budgetMs: number;
  /** Counted time so far (pauses excluded). */
  elapsedMs: number;
  /** budgetMs - elapsedMs; negative once breached. */
  leftMs: number;
  /** When the budget runs out if the clock keeps running; null while paused or stopped. */
  dueAt: number | null;
  paused: boolean;
  /** Wall time the clock stopped (owned / resolved), null while it runs or is paused. */
  stoppedAt: number | null;
}

/** What the clocks read from a ticket; a folded `Ticket` has these fields. */
export interface SlaInput {
  ownedAt: string | null;
  statusHistory: readonly { at: string; status: Status }[];
  /** Periods with a vendor (`to` null while it lasts); absent on inputs stored before vendors paused clocks. */
  vendorSpans?: readonly { from: string; to: string | null }[] | undefined;
}

/** Vendor periods in wall milliseconds, an open one running to infinity. */
export function vendorPeriods(input: Pick<SlaInput, 'vendorSpans'>): { from: number; to: number }[] {
  return (input.vendorSpans ?? []).map((span) => ({ from: hlcWallMs(span.from), to: span.to === null ? Infinity : hlcWallMs(span.to) }));
}

const counts = (status: Status) => status === 'new' || status === 'assigned' || status === 'in_progress';

export function slaState(
  input: SlaInput,
  nowMs: number,
  targets: SlaTargets,
  atRiskRatio: number = DEFAULT_AT_RISK_RATIO,
): { own: SlaClock; resolve: SlaClock } {
  const history = input.statusHistory.map((entry) => ({ at: hlcWallMs(entry.at), status: entry.status }));
  const vendors = vendorPeriods(input);
  const current = history.at(-1)?.status ?? 'new';
  const withVendor = vendors.some((span) => span.from <= nowMs && nowMs < span.to);
  const stoppedOwn = input.ownedAt === null ? null : hlcWallMs(input.ownedAt);
  const stoppedResolve = counts(current) || current === 'pending' ? null : (history.at(-1)?.at ?? null);
  const clock = (budgetMs: number, stoppedAt: number | null): SlaClock => {
    const elapsedMs = countedTime(history, vendors, Math.min(nowMs, stoppedAt ?? nowMs));
    const leftMs = budgetMs - elapsedMs;
    const paused = stoppedAt === null && (current === 'pending' || withVendor);
    const running = stoppedAt === null && !paused;
    const state: SlaLevel =
      leftMs < 0 ? 'breached' : stoppedAt === null && leftMs < budgetMs * atRiskRatio ? 'at_risk' : 'ok';
    return { state, budgetMs, elapsedMs, leftMs, dueAt: running ? nowMs + leftMs : null, paused, stoppedAt };
  };
  return { own: clock(targets.ownMs, stoppedOwn), resolve: clock(targets.resolveMs, stoppedResolve) };
}

/** Time spent in counting statuses from the first entry up to `until`, vendor periods left out. */
function countedTime(history: readonly { at: number; status: Status }[], vendors: readonly { from: number; to: number }[], until: number): number {
  let total = 0;
  for (let i = 0; i < history.length; i++) {
    const entry = history[i];
    if (!entry || !counts(entry.status)) continue;
    const end = Math.min(history[i + 1]?.at ?? until, until);
    if (end > entry.at) total += end - entry.at - overlap(vendors, entry.at, end);
  }
  return total;
}

/** How much of [from, to) the periods cover (they never overlap one another: one hold at a time). */
export function overlap(periods: readonly { from: number; to: number }[], from: number, to: number): number {
  let total = 0;
  for (const p of periods) total += Math.max(0, Math.min(to, p.to) - Math.max(from, p.from));
  return total;
}
