/**
 * The change events, spread into the ticket events (shared/tickets/events.ts) so they sync, fold and
 * replay like any ticket event. Approvals carry the approver's level: an N1 level does not parse, and the
 * core and the hub also check the level of the person behind the event (./approval.ts).
 */
import { z } from 'zod';
import { ApproverLevel, HostOutcome, RolloutOutcome, RolloutPhase } from './state';
import { ChangeRecord } from './record';

const reason = z.string({ error: 'a reason is required' }).trim().min(1, 'a reason is required').max(2_000);
const RunId = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'not a rollout id');
const Host = z.string().trim().min(1).max(200);
const OutputFile = z.object({ hash: z.string().regex(/^[0-9a-f]{64}$/, 'a content hash is 64 lowercase hex digits'), name: z.string().min(1).max(200) }).strict();

export const CHANGE_PAYLOADS = {
  change_planned: z.object({ record: ChangeRecord }).strict(),
  change_approved: z.object({ level: ApproverLevel, note: z.string().trim().max(2_000).optional() }).strict(),
  change_rejected: z.object({ level: ApproverLevel, reason }).strict(),
  rollout_started: z
    .object({ runId: RunId, hosts: z.array(Host).min(1).max(2_000), waveSize: z.int().min(1).max(500), failureThreshold: z.int().min(0).max(2_000) })
    .strict(),
  rollout_host_recorded: z
    .object({
      runId: RunId,
      host: Host,
      phase: RolloutPhase,
      outcome: HostOutcome,
      exitCode: z.int().nullable(),
      output: z.string().max(20_000),
      reason: z.string().max(2_000).nullable(),
      wave: z.int().min(0).max(10_000),
      /** The whole output, attached to the change (an `attachment_added` event before this one). */
      attachment: OutputFile.optional(),
    })
    .strict(),
  rollout_ended: z.object({ runId: RunId, outcome: RolloutOutcome, reason: z.string().max(2_000).nullable() }).strict(),
} as const;

export type ChangeEventType = keyof typeof CHANGE_PAYLOADS;
export const CHANGE_EVENT_TYPES = Object.keys(CHANGE_PAYLOADS) as ChangeEventType[];
/** The events only an N2 or N3 may write. */
export const APPROVAL_EVENT_TYPES: readonly string[] = ['change_approved', 'change_rejected'];
