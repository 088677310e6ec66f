/**
 * The figures of the dashboard, as a schema so the contract can carry them. Durations are milliseconds,
 * rates are { num, den, rate } with rate null when nothing was measured (den 0): "no data" is not 0 %.
 */
import { z } from 'zod';
import { Priority, Status, SupportLevel, TicketKind } from '../tickets';

export const Rate = z.object({ num: z.int().min(0), den: z.int().min(0), rate: z.number().min(0).max(1).nullable() });
export type Rate = z.infer<typeof Rate>;

/** Mean and 90th percentile (nearest rank) of a set of durations. */
export const DurationStats = z.object({ count: z.int().min(0), meanMs: z.number().nullable(), p90Ms: z.number().nullable() });
export type DurationStats = z.infer<typeof DurationStats>;

export const AGE_BUCKETS = ['lt1d', 'd1to3', 'd3to7', 'gt7d'] as const;
export const AgeBucket = z.enum(AGE_BUCKETS);
export type AgeBucket = z.infer<typeof AgeBucket>;

export const IndicatorFilter = z
  .object({
    /** Period start, inclusive (epoch ms). */
    fromMs: z.number().int(),
    /** Period end, exclusive (epoch ms). */
    toMs: z.number().int(),
    /** Only tickets whose current team is this one. */
    team: z.string().max(200).optional(),
    /** Only tickets whose current assignee is this one (a technician's own dashboard). */
    assignee: z.string().max(200).optional(),
    /** Minutes to add to UTC to get the local day (Paris in winter: 60). */
    tzOffsetMinutes: z.int().min(-14 * 60).max(14 * 60).default(0),
    /** Problems are records, not service tickets: left out unless asked. */
    kinds: z.array(TicketKind).min(1).max(4).default(['incident', 'request']),
  })
  .strict()
  .refine((f) => f.toMs > f.fromMs, { message: 'the period must end after it starts', path: ['toMs'] })
  .refine((f) => f.toMs - f.fromMs <= 400 * 86_400_000, { message: 'a period is at most 400 days', path: ['toMs'] });
export type IndicatorFilter = z.input<typeof IndicatorFilter>;

export const CountRow = z.object({ key: z.string().nullable(), count: z.int().min(0) });
export type CountRow = z.infer<typeof CountRow>;

/** Change figures (definitions in changes.ts). */
export const ChangeIndicators = z.object({
  /** Implemented changes (a rollout ended in the period) that completed with no host failed. */
  success: Rate,
  /** Changes created in the period that are emergency changes. */
  emergency: Rate,
  /** Failed changes of the period that were rolled back. */
  rolledBack: Rate,
  rolledBackHosts: z.int().min(0),
});
export type ChangeIndicators = z.infer<typeof ChangeIndicators>;

export const Indicators = z.object({
  /** The moment the backlog and the open clocks are read: min(period end, now). */
  asOfMs: z.number(),
  backlog: z.object({
    total: z.int().min(0),
    byPriority: z.record(Priority, z.int().min(0)),
    byStatus: z.record(Status, z.int().min(0)),
    age: z.object({ buckets: z.record(AgeBucket, z.int().min(0)), meanMs: z.number().nullable(), oldestMs: z.number().nullable() }),
    /** Open tickets whose resolve clock is already over its budget. */
    breached: z.int().min(0),
  }),
  perDay: z.array(z.object({ day: z.string(), opened: z.int().min(0), resolved: z.int().min(0) })),
  opened: z.int().min(0),
  resolved: z.int().min(0),
  timeToOwn: DurationStats,
  timeToResolve: DurationStats,
  /** Time with vendors, apart from the time to resolve (which leaves it out, as the SLA clock does). */
  vendor: z.object({
    /** Open tickets a vendor holds at asOf (also counted in the backlog). */
    holding: z.int().min(0),
    /** The resolved tickets above that went to a vendor: time spent with vendors, each ticket's total. */
    time: DurationStats,
  }),
  sla: z.object({ own: Rate, resolve: Rate }),
  firstTimeFix: Rate,
  reopen: Rate,
  escalation: z.object({
    overall: Rate,
    byLevel: z.record(SupportLevel, Rate),
    byCategory: z.array(z.object({ category: z.string().nullable(), rate: Rate })),
  }),
  topCategories: z.array(CountRow),
  topAssets: z.array(CountRow),
  recurring: z.array(z.object({ asset: z.string(), count: z.int().min(2), ticketIds: z.array(z.string()), categories: z.array(z.string()) })),
  /** Incidents created in the period that a health check opened, of all incidents created in the period. */
  caughtByChecks: Rate,
  changes: ChangeIndicators,
});
export type Indicators = z.infer<typeof Indicators>;
