/**
 * The ticket as the UI shows it: the fold of its events (see fold.ts). Schemas double as the contract's
 * output types. Entries that append (comments, worklogs, ...) carry the id, time and author of the event
 * that added them, so the timeline and the entries share one identity.
 */
import { z } from 'zod';
import { ChangeState } from '../changes/record';
import { RecordedStep } from '../checklists/run';
import { LocalizedText } from '../checklists/text';
import { StoredClashes } from './clashes';
import { HlcString } from './hlc';
import { Impact, Priority, Urgency } from './priority';
import { STATUSES } from './statuses';

export const TicketKind = z.enum(['incident', 'request', 'problem', 'change']);
export type TicketKind = z.infer<typeof TicketKind>;

export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const SupportLevel = z.enum(['N1', 'N2', 'N3']);
export type SupportLevel = z.infer<typeof SupportLevel>;

/** UUIDv7 (time-ordered), lowercase, as the `uuid` package's v7() writes it. */
export const EventId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'not a UUIDv7');
export type EventId = z.infer<typeof EventId>;

/** Ticket ids are opaque (a UUIDv7 for tickets made here; imported tickets may keep a simple old id). */
export const TicketId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'not a ticket id');
export type TicketId = z.infer<typeof TicketId>;

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
/** A text that must be filled in, with the message the user sees when it is not. */
export const requiredText = (max: number, message: string) =>
  z.string({ error: message }).trim().min(1, message).max(max);
/** A person, team, site or vendor name as typed by a user. */
export const Name = text(200);
export const Title = text(200);
export const Description = z.string().trim().max(50_000);
export const LongText = text(50_000);

/** Category path in the category tree: lowercase segments joined by "/", e.g. "hardware/disk". */
export const CategoryPath = z
  .string()
  .max(200)
  .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, 'a category is a path like "hardware/disk"');

/** A root cause nobody could establish is written as this value: it still counts as filled in. */
export const ROOT_CAUSE_UNKNOWN = 'unknown';
export const Resolution = z
  .object({
    text: requiredText(50_000, 'a resolution text is required'),
    rootCause: requiredText(2_000, `a root cause is required (write "${ROOT_CAUSE_UNKNOWN}" when it was not found)`),
  })
  .strict();
export type Resolution = z.infer<typeof Resolution>;

export const WorklogKind = z.enum(['work', 'travel']);
export const PartUsed = z
  .object({ name: Name, quantity: z.int().min(1).max(10_000), reference: text(200).optional() })
  .strict();
export type PartUsed = z.infer<typeof PartUsed>;

export const ChecklistOutcome = z.enum(['pass', 'warn', 'fail', 'info', 'skipped']);
/**
 * What a checklist event does to its run: `start` opens it, a recorded step moves it (replayed over the
 * run's pinned document version), `applied` marks its conclusion as applied to the ticket.
 */
export const ChecklistRunMark = z.union([
  z.object({ kind: z.literal('start') }).strict(),
  z.object({ kind: z.literal('applied') }).strict(),
  RecordedStep,
]);
export type ChecklistRunMark = z.infer<typeof ChecklistRunMark>;
/** Fields that tie a checklist event to a wizard run; absent on results recorded by hand or by older devices. */
export const ChecklistRunFields = {
  runId: Name.optional(),
  mark: ChecklistRunMark.optional(),
  /** What was chosen or concluded, in both languages (answer label, diagnosis). */
  label: LocalizedText.optional(),
};
/** sha256 of the blob, lowercase hex: attachments are content-addressed in the store. */
export const ContentHash = z.string().regex(/^[0-9a-f]{64}$/, 'a content hash is 64 lowercase hex digits (sha256)');
export const MimeType = z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'not a MIME type').max(200);

/** Who and when, for every entry coming from one event. */
const Origin = { eventId: EventId, at: HlcString, actor: Name, device: Name };

export const Comment = z.object({ ...Origin, text: LongText, internal: z.boolean() });
export type Comment = z.infer<typeof Comment>;

export const Worklog = z.object({
  ...Origin,
  minutes: z.int().min(1),
  kind: WorklogKind,
  note: z.string().optional(),
  parts: z.array(PartUsed),
});
export type Worklog = z.infer<typeof Worklog>;

export const ChecklistResult = z.object({
  ...Origin,
  checklistId: Name,
  checklistVersion: z.int().min(1),
  stepId: Name,
  outcome: ChecklistOutcome,
  reading: z.string().optional(),
  note: z.string().optional(),
  ...ChecklistRunFields,
});
export type ChecklistResult = z.infer<typeof ChecklistResult>;

export const InventoryLink = z.object({ ...Origin, snapshotId: Name, host: Name.optional() });
export type InventoryLink = z.infer<typeof InventoryLink>;

export const Attachment = z.object({ ...Origin, hash: ContentHash, name: Name, size: z.int().min(0), mime: MimeType });
export type Attachment = z.infer<typeof Attachment>;

/** A period the ticket spent with a vendor; `to` is null while it lasts. */
export const VendorSpan = z.object({ from: HlcString, to: HlcString.nullable() });
export type VendorSpan = z.infer<typeof VendorSpan>;

export const StatusEntry = z.object({ eventId: EventId, at: HlcString, status: Status });
export type StatusEntry = z.infer<typeof StatusEntry>;

/** A status transition that was invalid in the merged order: kept in the log, not applied, for a person to settle. */
export const StatusConflict = z.object({
  ...Origin,
  /** Type of the event that attempted the transition (status_changed, resolved, reopened). */
  eventType: z.string(),
  /** The status the ticket had in the merged order when the event came. */
  from: Status,
  /** The status the event attempted. */
  to: Status,
  /** The status its author saw (status_changed only). */
  seenFrom: Status.optional(),
  message: z.string(),
  /** The resolution carried by an attempted `resolved`, applied if a person chooses it. */
  resolution: Resolution.optional(),
});
export type StatusConflict = z.infer<typeof StatusConflict>;

export const Ticket = z.object({
  id: TicketId,
  kind: TicketKind,
  title: Title,
  description: Description,
  requester: Name.nullable(),
  site: Name.nullable(),
  /** Host name or inventory asset tag. */
  asset: Name.nullable(),
  category: CategoryPath.nullable(),
  impact: Impact,
  urgency: Urgency,
  /** Always priorityOf(impact, urgency). */
  priority: Priority,
  level: SupportLevel,
  assignee: Name.nullable(),
  team: Name.nullable(),
  /**
   * Vendor holding the ticket now (set by a redirect to a vendor, cleared when it comes back or the ticket is
   * resolved or closed): while set, the SLA clocks are paused as for pending.
   */
  vendor: Name.nullable(),
  /** The vendor's own case number and when to chase them; absent from states folded before they existed. */
  vendorReference: Name.nullable().optional(),
  /** A calendar date (YYYY-MM-DD). */
  vendorFollowUp: z.string().nullable().optional(),
  /** Every period with a vendor, in order (absent from older folded states: read as none). */
  vendorSpans: z.array(VendorSpan).optional(),
  status: Status,
  /** Set while resolved or closed; cleared by a reopen. */
  resolution: Resolution.nullable(),
  /** Incident -> the problem causing it. */
  problemId: TicketId.nullable(),
  /** Problem -> the incidents it causes. */
  incidentIds: z.array(TicketId),
  comments: z.array(Comment),
  worklogs: z.array(Worklog),
  checklist: z.array(ChecklistResult),
  inventory: z.array(InventoryLink),
  attachments: z.array(Attachment),
  /** Every status the ticket entered, in order, starting with `new`: the SLA clocks read it. */
  statusHistory: z.array(StatusEntry),
  /** First time someone owned it (assignee or team set, status assigned / in_progress / resolved). */
  ownedAt: HlcString.nullable(),
  /** Open conflicts only; settled ones stay visible in the timeline. */
  conflicts: z.array(StatusConflict),
  /** Field clashes (clashes.ts): the open ones and who set each field last; absent from older folded states. */
  clashes: StoredClashes.optional(),
  /** When it was opened: the import's original date for a ticket brought from another helpdesk. */
  createdAt: HlcString,
  createdBy: Name,
  /** A change ticket's record, approval and rollouts (shared/changes); absent on other kinds. */
  change: ChangeState.optional(),
  /** The helpdesk and number a ticket was imported from (searchable); absent for tickets made here. */
  source: z.object({ system: z.string(), number: z.string() }).optional(),
  /** Time and id of the last event folded in: an event sorting after them can be applied incrementally. */
  updatedAt: HlcString,
  lastEventId: EventId,
  eventCount: z.int().min(1),
});
export type Ticket = z.infer<typeof Ticket>;

export const OPEN_STATUSES: readonly Status[] = ['new', 'assigned', 'in_progress', 'pending'];
export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status);
}
