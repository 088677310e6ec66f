/**
 * Ticket events: the immutable log a ticket is folded from. Envelope: id (UUIDv7), ticketId, hlc, actor,
 * device, type, payload; one payload schema per type (strict: unknown keys are refused).
 * `parseEvent` rejects a bad event with an AtelierError naming the path (`payload.resolution.rootCause`).
 * Order of events: `compareEvents` = by hlc, then id (ids only break exact ties between devices).
 */
import { z } from 'zod';
import { CHANGE_PAYLOADS } from '../changes/events';
import { parseOrThrow } from '../contract/errors';
import { HlcString } from './hlc';
import {
  CategoryPath,
  ChecklistOutcome,
  ChecklistRunFields,
  ContentHash,
  Description,
  EventId,
  LongText,
  MimeType,
  Name,
  PartUsed,
  Resolution,
  Status,
  SupportLevel,
  TicketId,
  TicketKind,
  Title,
  WorklogKind,
  requiredText,
} from './model';
import { Impact, Urgency } from './priority';

const Reason = requiredText(2_000, 'a reason is required');

/** A date and time with its offset (ISO 8601), as another helpdesk recorded it. */
const OriginalTime = z.iso.datetime({ offset: true, error: 'a date and time in ISO 8601 with its offset' });

/**
 * A ticket brought from another helpdesk (GLPI, Zendesk, ...): its number there, the dates it recorded, and the
 * status it had. The fold takes the ticket's opening, ownership, pause, resolution and closing times from here
 * (SLA clocks and indicators read them), while the event's own HLC stays the time of the import, so sync orders
 * it like any other event. Times later than the event are taken as the event's time.
 */
export const ImportedFrom = z
  .object({
    system: z.string().trim().min(1).max(40),
    number: z.string().trim().min(1).max(64),
    openedAt: OriginalTime,
    ownedAt: OriginalTime.optional(),
    pendingAt: OriginalTime.optional(),
    resolvedAt: OriginalTime.optional(),
    closedAt: OriginalTime.optional(),
    status: Status,
    assignee: Name.optional(),
    team: Name.optional(),
    resolution: Resolution.optional(),
  })
  .strict()
  .refine((p) => (p.status !== 'resolved' && p.status !== 'closed') || p.resolution !== undefined, {
    message: 'a resolved or closed ticket needs its resolution',
    path: ['resolution'],
  })
  .refine((p) => [p.ownedAt, p.pendingAt, p.resolvedAt, p.closedAt].every((t) => t === undefined || Date.parse(t) >= Date.parse(p.openedAt)), {
    message: 'a date comes before the opening date',
    path: ['openedAt'],
  })
  .refine((p) => !p.resolvedAt || !p.closedAt || Date.parse(p.closedAt) >= Date.parse(p.resolvedAt), {
    message: 'the closing date comes before the resolution date',
    path: ['closedAt'],
  });
export type ImportedFrom = z.infer<typeof ImportedFrom>;
const Note = z.string().trim().max(50_000);

export const CreatedPayload = z
  .object({
    kind: TicketKind,
    title: Title,
    description: Description.optional(),
    requester: Name.optional(),
    site: Name.optional(),
    asset: Name.optional(),
    category: CategoryPath.optional(),
    impact: Impact,
    urgency: Urgency,
    /** N1 when absent. */
    level: SupportLevel.optional(),
    imported: ImportedFrom.optional(),
  })
  .strict();
/** What a person creating a ticket here can say: an import's origin comes only from an import. */
export const NewTicket = CreatedPayload.omit({ imported: true });

/** Scalar fields that merge last-writer-wins; null clears a field. Level moves only by escalation. */
export const TicketFieldChanges = z
  .object({
    kind: TicketKind,
    title: Title,
    description: Description,
    requester: Name.nullable(),
    site: Name.nullable(),
    asset: Name.nullable(),
    category: CategoryPath.nullable(),
    impact: Impact,
    urgency: Urgency,
    assignee: Name.nullable(),
    team: Name.nullable(),
    vendor: Name.nullable(),
  })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'at least one field must change');
export type TicketFieldChanges = z.infer<typeof TicketFieldChanges>;
export type ChangeableField = keyof TicketFieldChanges;

/** Statuses a plain status change may target: `resolved` needs a `resolved` event, reopening a `reopened` one. */
export const PlainTargetStatus = Status.extract(['assigned', 'in_progress', 'pending', 'closed']);

export const PAYLOADS = {
  created: CreatedPayload,
  /**
   * `seen` holds the values the author's device had for those fields when the change was made (set by
   * the core, not the caller): a change whose `seen` differs from the merged value before it overwrote a
   * value its author never saw, and the ticket shows that clash (clashes.ts).
   */
  field_changed: z.object({ changes: TicketFieldChanges, seen: TicketFieldChanges.optional() }).strict(),
  /** `from` is the status the author saw: it explains a conflict when the merged order differs. */
  status_changed: z.object({ from: Status, to: PlainTargetStatus, reason: Note.optional() }).strict(),
  /** Takes the ticket: moves it from `new` to `assigned`; at least one of assignee and team. */
  assigned: z
    .object({ assignee: Name.optional(), team: Name.optional() })
    .strict()
    .refine((p) => p.assignee !== undefined || p.team !== undefined, 'an assignee or a team is required'),
  escalated: z
    .object({ toLevel: SupportLevel, reason: Reason, assignee: Name.optional(), team: Name.optional() })
    .strict(),
  /**
   * Hands the ticket to another team (assignee reset to the given one or none) or to a vendor, with the
   * vendor's case reference and a date to chase them (both optional: older events have neither).
   */
  redirected: z
    .object({
      to: z.enum(['team', 'vendor']),
      name: Name,
      reason: Reason,
      assignee: Name.optional(),
      reference: Name.optional(),
      followUp: z.iso.date({ error: 'a follow-up date is a day, YYYY-MM-DD' }).optional(),
    })
    .strict()
    .refine((p) => p.to === 'vendor' || (p.reference === undefined && p.followUp === undefined), {
      message: 'a reference and a follow-up date go with a vendor, not a team',
      path: ['reference'],
    }),
  resolved: z.object({ resolution: Resolution }).strict(),
  reopened: z.object({ reason: Reason }).strict(),
  comment_added: z.object({ text: LongText, internal: z.boolean() }).strict(),
  worklog_added: z
    .object({
      minutes: z.int().min(1).max(7 * 24 * 60),
      kind: WorklogKind,
      note: Note.optional(),
      parts: z.array(PartUsed).max(200).optional(),
    })
    .strict(),
  checklist_step_recorded: z
    .object({
      checklistId: Name,
      checklistVersion: z.int().min(1),
      stepId: Name,
      outcome: ChecklistOutcome,
      reading: z.string().max(10_000).optional(),
      note: Note.optional(),
      ...ChecklistRunFields,
    })
    .strict(),
  inventory_attached: z.object({ snapshotId: Name, host: Name.optional() }).strict(),
  attachment_added: z
    .object({ hash: ContentHash, name: Name, size: z.int().min(0), mime: MimeType })
    .strict(),
  /** Takes an attachment off its ticket: `attachmentId` is its `attachment_added` event (shared/tickets/attachments.ts). */
  attachment_removed: z.object({ attachmentId: EventId, hash: ContentHash }).strict(),
  /**
   * Link between an incident and its problem. On the incident: role `problem`, ticketId = the problem;
   * on the problem: role `incident`, ticketId = the incident. The store appends both in one transaction.
   */
  linked: z.object({ role: z.enum(['problem', 'incident']), ticketId: TicketId }).strict(),
  unlinked: z.object({ role: z.enum(['problem', 'incident']), ticketId: TicketId }).strict(),
  /** Settles the open conflict raised by event `conflictId`. */
  conflict_resolved: z
    .object({ conflictId: EventId, choice: z.enum(['keep_current', 'apply_attempted']), note: Note.optional() })
    .strict(),
  ...CHANGE_PAYLOADS,
} as const;

export type EventType = keyof typeof PAYLOADS;
export const EVENT_TYPES = Object.keys(PAYLOADS) as EventType[];
export type PayloadOf<T extends EventType> = z.infer<(typeof PAYLOADS)[T]>;

const envelope = { id: EventId, ticketId: TicketId, hlc: HlcString, actor: Name, device: Name };
const event = <T extends EventType>(type: T) =>
  z.object({ ...envelope, type: z.literal(type), payload: PAYLOADS[type] }).strict();

export const TicketEvent = z.discriminatedUnion('type', [
  event('created'),
  event('field_changed'),
  event('status_changed'),
  event('assigned'),
  event('escalated'),
  event('redirected'),
  event('resolved'),
  event('reopened'),
  event('comment_added'),
  event('worklog_added'),
  event('checklist_step_recorded'),
  event('inventory_attached'),
  event('attachment_added'),
  event('attachment_removed'),
  event('linked'),
  event('unlinked'),
  event('conflict_resolved'),
  event('change_planned'),
  event('change_approved'),
  event('change_rejected'),
  event('rollout_started'),
  event('rollout_host_recorded'),
  event('rollout_ended'),
]);
export type TicketEvent = z.infer<typeof TicketEvent>;
export type EventOf<T extends EventType> = Extract<TicketEvent, { type: T }>;

/** Validates an event (from a command, a file or the hub); throws AtelierError naming the bad path. */
export function parseEvent(value: unknown, where = ''): TicketEvent {
  return parseOrThrow(TicketEvent, value, where);
}

export function compareEvents(a: Pick<TicketEvent, 'hlc' | 'id'>, b: Pick<TicketEvent, 'hlc' | 'id'>): number {
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
