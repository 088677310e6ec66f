/**
 * A change record (ITIL): its type, risk, plans, maintenance window, hosts, the tickets it fixes and the
 * procedure it runs with its parameter values. Carried whole by each `change_planned` event (the last one
 * wins), so what an approver approved is exactly one event's record.
 */
import { z } from 'zod';
import { Approval, ChangeType, Risk, Rollout } from './state';
import { checkParams, Procedure } from './procedure';

const required = (what: string, max = 50_000) => z.string({ error: `${what} is required` }).trim().min(1, `${what} is required`).max(max);
// Same form as a ticket id (shared/tickets/model.ts); repeated here because the ticket model includes this module.
const TicketRef = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'not a ticket id');
const HostName = z.string().trim().min(1, 'a host name must not be empty').max(200);
const Instant = z.iso.datetime({ offset: true, error: 'a date and time in ISO 8601 with its offset' });

export const MaintenanceWindow = z
  .object({ start: Instant, end: Instant })
  .strict()
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), { message: 'the window ends before it starts', path: ['end'] });
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const ChangeRecord = z
  .object({
    type: ChangeType,
    risk: Risk,
    impact: z.string().trim().max(2_000).default(''),
    plan: required('the plan'),
    testPlan: required('the test plan'),
    rollbackPlan: required('the rollback plan'),
    window: MaintenanceWindow.nullable().default(null),
    hosts: z.array(HostName).max(2_000).default([]),
    /** Every host of the book with one of these tags, or at one of these sites, is chosen too. */
    tags: z.array(z.string().trim().min(1, 'a tag must not be empty').max(40)).max(32).default([]),
    sites: z.array(z.string().trim().min(1, 'a site must not be empty').max(120)).max(32).default([]),
    /** Problems and incidents this change fixes. */
    fixes: z.array(TicketRef).max(200).default([]),
    procedure: Procedure.nullable().default(null),
    params: z.record(z.string(), z.union([z.string().max(2_000), z.number(), z.boolean()])).default({}),
    /** The template a standard change came from (pre-approved). */
    template: z.string().trim().max(200).nullable().default(null),
  })
  .strict()
  .superRefine((record, ctx) => {
    if (record.type === 'standard' && record.template === null) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'a standard change comes from a pre-approved template' });
    }
    if (record.procedure === null) {
      if (Object.keys(record.params).length > 0) ctx.addIssue({ code: 'custom', path: ['params'], message: 'parameters need a procedure' });
      return;
    }
    for (const problem of checkParams(record.procedure.params, record.params)) ctx.addIssue({ code: 'custom', path: problem.path.split('.'), message: problem.message });
  });
export type ChangeRecord = z.infer<typeof ChangeRecord>;
export type ChangeRecordInput = z.input<typeof ChangeRecord>;

/** A change ticket's fold beyond the ticket: the record in force, its approval and its rollouts. */
export const ChangeState = z.object({
  record: ChangeRecord,
  plannedAt: z.string(),
  plannedBy: z.string(),
  approval: Approval,
  rollouts: z.array(Rollout),
});
export type ChangeState = z.infer<typeof ChangeState>;
