/**
 * What a change ticket's fold holds beyond an ordinary ticket: its record (the last `change_planned`),
 * its approval and its rollouts. Output shapes only (events are validated by ./events.ts), kept free of
 * ../tickets/model so the ticket model can include them.
 */
import { z } from 'zod';
import { HlcString } from '../tickets/hlc';

export const ChangeType = z.enum(['standard', 'normal', 'emergency']);
export type ChangeType = z.infer<typeof ChangeType>;

export const Risk = z.enum(['low', 'medium', 'high']);
export type Risk = z.infer<typeof Risk>;

export const ApproverLevel = z.enum(['N2', 'N3']);
export type ApproverLevel = z.infer<typeof ApproverLevel>;

export const ApprovalState = z.enum(['not_needed', 'pending', 'approved', 'rejected']);
export type ApprovalState = z.infer<typeof ApprovalState>;

export const Approval = z.object({
  state: ApprovalState,
  /** Who approved or rejected, with their level and when (the event's HLC); null while pending. */
  by: z.string().nullable(),
  level: ApproverLevel.nullable(),
  at: HlcString.nullable(),
  eventId: z.string().nullable(),
  /** The approver's note or the rejection's reason. */
  reason: z.string().nullable(),
});
export type Approval = z.infer<typeof Approval>;

export const HostOutcome = z.enum(['succeeded', 'failed', 'skipped', 'cancelled']);
export type HostOutcome = z.infer<typeof HostOutcome>;
export const RolloutPhase = z.enum(['run', 'verify', 'rollback']);
export type RolloutPhase = z.infer<typeof RolloutPhase>;

export const HostResult = z.object({
  eventId: z.string(),
  at: HlcString,
  runId: z.string(),
  host: z.string(),
  phase: RolloutPhase,
  outcome: HostOutcome,
  exitCode: z.int().nullable(),
  /** Output tail (the whole output is the attachment when it is longer). */
  output: z.string(),
  /** Why a host was skipped or failed before its command ran. */
  reason: z.string().nullable(),
  wave: z.int().min(0),
  /** The whole output as an attachment of the change, when there was any. */
  attachment: z.object({ hash: z.string(), name: z.string() }).optional(),
});
export type HostResult = z.infer<typeof HostResult>;

export const RolloutOutcome = z.enum(['completed', 'stopped', 'cancelled']);
export type RolloutOutcome = z.infer<typeof RolloutOutcome>;

export const Rollout = z.object({
  runId: z.string(),
  startedAt: HlcString,
  startedBy: z.string(),
  hosts: z.array(z.string()),
  waveSize: z.int(),
  failureThreshold: z.int(),
  /** Null while it runs (or when the device stopped before writing its end). */
  outcome: RolloutOutcome.nullable(),
  endedAt: HlcString.nullable(),
  reason: z.string().nullable(),
  results: z.array(HostResult),
});
export type Rollout = z.infer<typeof Rollout>;
