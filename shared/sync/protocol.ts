/**
 * The wire protocol between the app's sync client and the team hub (docs/sync.md). One place for the
 * shapes and the limits both sides enforce; the hub validates requests with these schemas and the client
 * validates responses with them, so a proxy that garbles or replays a response is caught, not believed.
 *
 * Clock rule (the why is in docs/sync.md): the hub's clock is the team's reference. Every response carries
 * `serverTime`; the hub refuses, event by event (`clock_ahead`), an event stamped more than
 * HUB_MAX_AHEAD_MS after its own clock, and the client re-stamps those of its unpushed events before
 * pushing them again. The hub's bound is half the devices' receive bound (Hlc DEFAULT_MAX_DRIFT_MS), so a
 * device whose wall clock follows the hub's can always take in every event the hub serves.
 */
import { z } from 'zod';
import { DEFAULT_MAX_DRIFT_MS } from '../tickets/hlc';
import { EventId } from '../tickets/model';

export const SYNC_PROTOCOL_VERSION = 1;
/** Events in one push (about 2 KiB each at most in practice; the body limit below is the hard bound). */
export const MAX_PUSH_EVENTS = 1_000;
export const MAX_PUSH_BYTES = 8 * 1024 * 1024;
export const MAX_PULL_LIMIT = 5_000;
/** A pull page's events hold at most this many bytes of JSON (a page a device can take is never larger than a push). */
export const MAX_PULL_BYTES = MAX_PUSH_BYTES - 64 * 1024;
export const DEFAULT_PULL_LIMIT = 5_000;
export const HUB_MAX_AHEAD_MS = DEFAULT_MAX_DRIFT_MS / 2;

/**
 * The log's streams, each pushed and pulled at its own path with the same request and answer shapes and
 * its own sequence (so its own cursor): ticket events, knowledge-base article events (`shared/kb`), and
 * checklist draft events (`shared/checklists/authoring.ts`).
 */
export const STREAM_PATHS = { tickets: '/v1/events', kb: '/v1/kb/events', checklists: '/v1/checklists/events' } as const;
export const SyncStreamName = z.enum(['tickets', 'kb', 'checklists']);
export type SyncStreamName = keyof typeof STREAM_PATHS;

/** Error codes of the hub's JSON errors `{ error: { code, message, path? } }`. */
export const HubErrorCode = z.enum([
  'invalid_input',
  'unauthorized',
  'forbidden',
  'not_found',
  'payload_too_large',
  'rate_limited',
  'conflict',
  'unavailable',
  'internal',
]);
export type HubErrorCode = z.infer<typeof HubErrorCode>;

export const HubErrorBody = z.object({
  error: z.object({ code: HubErrorCode, message: z.string(), path: z.string().optional() }),
});
export type HubErrorBody = z.infer<typeof HubErrorBody>;

/** A server sequence number: the pull cursor. 0 = before the first event. */
export const Cursor = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

export const PushStatus = z.enum(['accepted', 'known', 'clock_ahead']);
export type PushStatus = z.infer<typeof PushStatus>;

/** Events are validated one by one by the hub (parseEvent) so an error names `events[i].payload...`. */
export const PushRequest = z.object({ events: z.array(z.unknown()).min(1).max(MAX_PUSH_EVENTS) }).strict();

export const PushResponse = z.object({
  serverTime: z.number(),
  /** One per pushed event, in the order sent. */
  results: z.array(z.object({ id: EventId, status: PushStatus })),
});
export type PushResponse = z.infer<typeof PushResponse>;

export const PullQuery = z
  .object({
    after: z.coerce.number().pipe(Cursor).default(0),
    limit: z.coerce.number().pipe(z.int().min(1).max(MAX_PULL_LIMIT)).default(DEFAULT_PULL_LIMIT),
  })
  .strict();

export const PullResponse = z.object({
  serverTime: z.number(),
  /**
   * The request this page answers (the stream and its `after`): a proxy that replays or shifts answers on a
   * connection cannot make a device take a page that starts after its cursor (it would skip events).
   * Optional only for hubs from before they were echoed.
   */
  stream: SyncStreamName.optional(),
  after: Cursor.optional(),
  /** Events with a sequence after `after`, in sequence order (checked by the client's parseEvent). */
  events: z.array(z.unknown()),
  /** Cursor to ask from next time: the sequence of the last event returned (or `after` when none). */
  next: Cursor,
  /** The newest sequence of the team when the page was read: `next < head` means more to pull. */
  head: Cursor,
});
export type PullResponse = z.infer<typeof PullResponse>;

/** `GET /v1/retired`: the team's events its admin retired (`hub quarantine retire`); devices mark them retired in their quarantine. */
export const RetiredResponse = z.object({
  serverTime: z.number(),
  retired: z.array(z.object({ id: EventId, stream: SyncStreamName })),
});
export type RetiredResponse = z.infer<typeof RetiredResponse>;

export const MeResponse = z.object({
  serverTime: z.number(),
  user: z.string(),
  team: z.string(),
  device: z.string(),
  role: z.enum(['technician', 'dispatcher', 'admin']),
  /** The support level the team gave this user (hub migration 9); absent from older hubs. */
  level: z.enum(['N1', 'N2', 'N3']).optional(),
});
export type MeResponse = z.infer<typeof MeResponse>;

/** The team's devices that have pushed, by clock node: lets every device name people, not hex ids. */
export const DevicesResponse = z.object({
  devices: z.array(z.object({ node: z.string().max(64), user: z.string().max(200), device: z.string().max(200) })).max(10_000),
});
export type DevicesResponse = z.infer<typeof DevicesResponse>;

export const HealthResponse = z.object({
  ok: z.literal(true),
  protocol: z.literal(SYNC_PROTOCOL_VERSION),
  serverTime: z.number(),
  storage: z.enum(['postgres', 'pglite']),
});
