/** Changes and rollouts (issue 14): change records, their approval, previews and rollouts over SSH. */
import { z } from 'zod';
import { ApprovalState, ChangeRecord, ChangeType, HostOutcome, Risk, RolloutOutcome, RolloutPhase } from '../changes';
import { Impact, Title, Description, Name, TicketId, Urgency, Status } from '../tickets';
import { call, stream } from './define';
import { TicketDetail } from './tickets';

export const ChangeSummary = z.object({
  id: TicketId,
  ref: z.string(),
  title: z.string(),
  status: Status,
  type: ChangeType.nullable(),
  risk: Risk.nullable(),
  approval: ApprovalState.nullable(),
  hosts: z.int(),
  lastRollout: RolloutOutcome.nullable(),
  updatedMs: z.number(),
});
export type ChangeSummary = z.infer<typeof ChangeSummary>;

export const TemplateSummary = z.object({ id: z.string(), title: z.object({ en: z.string(), fr: z.string() }), preApproved: z.boolean(), record: z.unknown() });
export type TemplateSummary = z.infer<typeof TemplateSummary>;

export const NewChange = z
  .object({ title: Title, description: Description.optional(), site: Name.optional(), impact: Impact.default(2), urgency: Urgency.default(2), record: ChangeRecord })
  .strict();
export type NewChange = z.input<typeof NewChange>;

export const RolloutSettings = z
  .object({
    ticketId: TicketId,
    /** Hosts after the canary, per wave. */
    waveSize: z.int().min(1).max(500).default(5),
    /** The rollout stops once more hosts than this have failed (0: the first failure stops it). */
    failureThreshold: z.int().min(0).max(2_000).default(0),
    /** Run even outside the change's maintenance window (an emergency). */
    ignoreWindow: z.boolean().default(false),
  })
  .strict();
export type RolloutSettings = z.input<typeof RolloutSettings>;

const Via = z.union([z.object({ kind: z.literal('name') }), z.object({ kind: z.enum(['tag', 'site']), value: z.string() })]);
/** One host the change chose (by name, tag or site): the exact command it gets, or why it is skipped. */
export const PreviewHost = z.object({ host: z.string(), via: Via, command: z.string().nullable(), skipped: z.string().nullable() });
export const RolloutPreview = z.object({
  ticketId: TicketId,
  hosts: z.array(PreviewHost),
  /** Tags and sites of the change that chose no host. */
  unmatched: z.array(z.string()),
  blocked: z.string().nullable(),
});
export type RolloutPreview = z.infer<typeof RolloutPreview>;

export const RolloutProgress = z.object({
  ticketId: TicketId,
  runId: z.string(),
  host: z.string(),
  phase: RolloutPhase,
  state: z.union([z.enum(['pending', 'running']), HostOutcome]),
  exitCode: z.int().nullable(),
  output: z.string(),
  wave: z.int(),
});
export type RolloutProgress = z.infer<typeof RolloutProgress>;

/** One rollout of a change on one host, as the host's page lists it: its last step there and how it ended. */
export const HostChange = z.object({
  ticketId: TicketId,
  ref: z.string(),
  title: z.string(),
  runId: z.string(),
  startedMs: z.number(),
  rollout: RolloutOutcome.nullable(),
  phase: RolloutPhase,
  outcome: HostOutcome,
  exitCode: z.int().nullable(),
  reason: z.string().nullable(),
});
export type HostChange = z.infer<typeof HostChange>;

const Started = z.object({ jobId: z.string(), runId: z.string() });

export const changeCalls = {
  'changes.list': call(z.object({}).strict(), z.array(ChangeSummary)),
  'changes.templates': call(z.object({}).strict(), z.array(TemplateSummary)),
  'changes.create': call(NewChange, TicketDetail),
  'changes.plan': call(z.object({ ticketId: TicketId, record: ChangeRecord }).strict(), TicketDetail),
  'changes.approve': call(z.object({ ticketId: TicketId, note: z.string().trim().max(2_000).optional() }).strict(), TicketDetail),
  'changes.reject': call(z.object({ ticketId: TicketId, reason: z.string().trim().min(1, 'a reason is required').max(2_000) }).strict(), TicketDetail),
  'changes.preview': call(z.object({ ticketId: TicketId }).strict(), RolloutPreview),
  'changes.rollout': call(RolloutSettings, Started),
  'changes.forHost': call(z.object({ host: z.string().trim().min(1, 'a host name is required').max(200) }).strict(), z.array(HostChange)),
  'changes.rollback': call(z.object({ ticketId: TicketId, runId: z.string() }).strict(), Started),
};

export const changeStreams = {
  'changes.progress': stream(RolloutProgress),
};
