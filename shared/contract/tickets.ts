import { z } from 'zod';
import {
  CategoryPath,
  NewTicket,
  EventId,
  PAYLOADS,
  Priority,
  Status,
  SlaTable,
  SupportLevel,
  Ticket,
  TicketId,
  TicketKind,
  type EventType,
} from '../tickets';
import { call } from './define';

/** 6 MB of file as base64, under the 8 MiB body limit of a call. */
export const MAX_ATTACHMENT_BASE64 = Math.ceil((6 * 1024 * 1024 * 4) / 3);

const action = <T extends Exclude<EventType, 'created'>>(type: T) =>
  z.object({ ticketId: TicketId, type: z.literal(type), payload: PAYLOADS[type] }).strict();

/** What a technician can do to an existing ticket: every event type but `created`, with its payload. */
export const TicketAction = z.discriminatedUnion('type', [
  action('field_changed'),
  action('status_changed'),
  action('assigned'),
  action('escalated'),
  action('redirected'),
  action('resolved'),
  action('reopened'),
  action('comment_added'),
  action('worklog_added'),
  action('checklist_step_recorded'),
  action('inventory_attached'),
  action('attachment_added'),
  action('attachment_removed'),
  action('linked'),
  action('unlinked'),
  action('conflict_resolved'),
]);
export type TicketAction = z.input<typeof TicketAction>;

export const SlaLevel = z.enum(['ok', 'at_risk', 'breached']);
export const SlaReading = z.object({
  state: SlaLevel,
  /** Budget left (negative once breached). */
  leftMs: z.number(),
  paused: z.boolean(),
  stopped: z.boolean(),
});
export type SlaReading = z.infer<typeof SlaReading>;

export const SortField = z.enum(['priority', 'sla', 'title', 'requester', 'site', 'category', 'level', 'status', 'assignee', 'updated', 'created']);
export type SortField = z.infer<typeof SortField>;

export const QueueFilter = z
  .object({
    open: z.boolean(),
    statuses: z.array(Status).max(6),
    priorities: z.array(Priority).max(5),
    levels: z.array(SupportLevel).max(3),
    kinds: z.array(TicketKind).max(4),
    /** Exact assignee; `unassigned` for tickets with nobody. */
    assignee: z.string().max(200),
    unassigned: z.boolean(),
    /** Category and its sub-categories. */
    category: CategoryPath,
    site: z.string().max(200),
    requester: z.string().max(200),
    sla: z.enum(['breached', 'at_risk', 'due_today']),
    /** Tickets that need a person: a status conflict or an open field clash. */
    conflicts: z.boolean(),
    /** Only tickets a vendor holds now. */
    withVendor: z.boolean(),
    /** Full-text search over title, description and comments. */
    text: z.string().max(500),
  })
  .partial()
  .strict();
export type QueueFilter = z.infer<typeof QueueFilter>;

export const QueueQuery = z
  .object({
    filter: QueueFilter.default({}),
    sort: z.object({ field: SortField, dir: z.enum(['asc', 'desc']) }).strict().default({ field: 'priority', dir: 'asc' }),
    offset: z.int().min(0).max(10_000_000).default(0),
    limit: z.int().min(1).max(500).default(100),
  })
  .strict();
export type QueueQuery = z.input<typeof QueueQuery>;

export const QueueRow = z.object({
  id: TicketId,
  ref: z.string(),
  kind: TicketKind,
  title: z.string(),
  requester: z.string().nullable(),
  site: z.string().nullable(),
  category: z.string().nullable(),
  priority: Priority,
  level: SupportLevel,
  status: Status,
  assignee: z.string().nullable(),
  /** The vendor holding the ticket now. */
  vendor: z.string().nullable(),
  updatedMs: z.number(),
  sla: SlaReading,
  conflicts: z.int(),
  /** The fields two devices changed without seeing each other's value, still open (clashes.ts). */
  clashes: z.array(z.string()),
  /** Local changes not yet acknowledged by the hub. */
  unsynced: z.int(),
  /** With a text search: the best matching passage, matches between \u0002 and \u0003. */
  snippet: z.string().optional(),
});
export type QueueRow = z.infer<typeof QueueRow>;

export const QueuePage = z.object({ total: z.int(), offset: z.int(), rows: z.array(QueueRow) });
export type QueuePage = z.infer<typeof QueuePage>;

export const TimelineEntry = z.object({
  id: EventId,
  hlc: z.string(),
  atMs: z.number(),
  actor: z.string(),
  device: z.string(),
  type: z.string(),
  payload: z.unknown(),
  origin: z.enum(['local', 'remote', 'demo']),
  /** A local change the hub has not acknowledged yet. */
  unsynced: z.boolean(),
  /** field_changed only: each field from what to what, in the merged order. */
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

const FieldSetting = z.object({ eventId: z.string(), actor: z.string(), device: z.string(), hlc: z.string(), value: z.unknown() });

/** A field two devices changed while neither had the other's value: which stands, which was lost. */
export const FieldClash = z.object({ field: z.string(), won: FieldSetting, lost: FieldSetting, settledBy: z.string().nullable() });
export type FieldClash = z.infer<typeof FieldClash>;

/** Another ticket this one names (its problem, its incidents, a ticket once linked), as a link shows it. */
export const RelatedTicket = z.object({
  ref: z.string(),
  title: z.string(),
  kind: TicketKind,
  status: Status,
  requester: z.string().nullable(),
  site: z.string().nullable(),
});
export type RelatedTicket = z.infer<typeof RelatedTicket>;

export const TicketDetail = z.object({
  ticket: Ticket,
  ref: z.string(),
  /** The tickets it links to or once linked to, by id; one not in this store (yet) is absent. */
  related: z.record(z.string(), RelatedTicket),
  /** Open field clashes, oldest first (settled ones are told by the timeline). */
  clashes: z.array(FieldClash),
  /** Names of the devices named in this ticket ("Karim (desk)"), as the team hub knows them. */
  devices: z.record(z.string(), z.string()),
  sla: z.object({ own: SlaReading, resolve: SlaReading }),
  timeline: z.array(TimelineEntry),
});
export type TicketDetail = z.infer<typeof TicketDetail>;

export const Category = z.object({ path: CategoryPath, fr: z.string(), en: z.string() });

export const ticketCalls = {
  'tickets.query': call(QueueQuery, QueuePage),
  'tickets.get': call(z.object({ id: TicketId }).strict(), TicketDetail),
  'tickets.create': call(NewTicket, TicketDetail),
  'tickets.act': call(TicketAction, TicketDetail),
  'tickets.categories': call(z.object({}).strict(), z.array(Category)),
  'tickets.suggest': call(
    z.object({ field: z.enum(['requester', 'site', 'assignee', 'team']), prefix: z.string().max(200) }).strict(),
    z.array(z.string()),
  ),
  'tickets.seedDemo': call(z.object({ count: z.int().min(1).max(5_000).default(300), seed: z.int().default(42) }).strict(), z.object({ jobId: z.string() })),
  'tickets.import': call(
    z.object({ format: z.enum(['csv', 'json']), text: z.string().max(8_000_000), skipInvalid: z.boolean().default(false) }).strict(),
    z.object({ imported: z.int(), skipped: z.int(), problems: z.array(z.object({ line: z.int(), column: z.string(), message: z.string() })) }),
  ),
  'tickets.export': call(z.object({ format: z.enum(['csv', 'json']) }).strict(), z.object({ text: z.string() })),
  /** A file on the ticket (photo of an error, a log): stored once by content hash. 6 MB at most through a call. */
  'tickets.attach': call(
    z
      .object({
        ticketId: TicketId,
        name: z.string().trim().min(1).max(200),
        mime: z.string().regex(/^[\w.+-]+\/[\w.+-]+$/, 'not a MIME type').max(200),
        base64: z.string().max(MAX_ATTACHMENT_BASE64, 'a file over 6 MB cannot be attached here'),
      })
      .strict(),
    TicketDetail,
  ),
  'sla.get': call(z.object({}).strict(), SlaTable),
  'sla.update': call(SlaTable, SlaTable),
  'categories.save': call(z.object({ path: CategoryPath, fr: z.string().trim().min(1).max(100), en: z.string().trim().min(1).max(100) }).strict(), z.array(Category)),
  'tickets.stats': call(z.object({}).strict(), z.object({ tickets: z.int(), events: z.int(), unsynced: z.int() })),
};
