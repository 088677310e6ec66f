/**
 * Knowledge-base articles: Markdown procedures and known errors written by N2/N3 for N1. An article is the
 * fold of its events (created, edited, published, archived), like a ticket, so it works offline and syncs.
 */
import { z } from 'zod';
import { parseOrThrow } from '../contract/errors';
import { CategoryPath, EventId, Name, TicketId } from '../tickets/model';
import { HlcString } from '../tickets/hlc';

export const ArticleKind = z.enum(['investigation', 'resolution', 'known_error']);
export type ArticleKind = z.infer<typeof ArticleKind>;
export const ArticleStatus = z.enum(['draft', 'published', 'archived']);
export type ArticleStatus = z.infer<typeof ArticleStatus>;
export const ArticleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'not an article id');

const Tag = z.string().trim().toLowerCase().min(1).max(40).regex(/^[^\s,]+$/, 'a tag is one word');

/** Everything an author edits. */
export const ArticleFields = z
  .object({
    title: z.string().trim().min(1, 'an article needs a title').max(200),
    body: z.string().max(200_000),
    kind: ArticleKind,
    category: CategoryPath.nullable(),
    tags: z.array(Tag).max(30),
    checklistIds: z.array(Name).max(50),
    ticketIds: z.array(TicketId).max(500),
    /** Known error: the workaround N1 applies while the root cause is being fixed. */
    workaround: z.string().max(20_000),
    /** Root cause analysis: the "5 whys", each answer one line. */
    whys: z.array(z.string().trim().max(1_000)).max(10),
  })
  .strict();
export type ArticleFields = z.infer<typeof ArticleFields>;

export const KB_PAYLOADS = {
  created: ArticleFields.partial().required({ title: true, kind: true }).strict(),
  edited: z
    .object({ changes: ArticleFields.partial().strict().refine((c) => Object.keys(c).length > 0, 'at least one field must change'), note: z.string().max(2_000).optional() })
    .strict(),
  published: z.object({}).strict(),
  archived: z.object({}).strict(),
} as const;
export type KbEventType = keyof typeof KB_PAYLOADS;

const envelope = { id: EventId, articleId: ArticleId, hlc: HlcString, actor: Name, device: Name };
const kbEvent = <T extends KbEventType>(type: T) => z.object({ ...envelope, type: z.literal(type), payload: KB_PAYLOADS[type] }).strict();
export const KbEvent = z.discriminatedUnion('type', [kbEvent('created'), kbEvent('edited'), kbEvent('published'), kbEvent('archived')]);
export type KbEvent = z.infer<typeof KbEvent>;

export function parseKbEvent(value: unknown, where = ''): KbEvent {
  return parseOrThrow(KbEvent, value, where);
}

export const ArticleRevision = z.object({ eventId: EventId, at: HlcString, actor: Name, type: z.enum(['created', 'edited', 'published', 'archived']), fields: z.array(z.string()), note: z.string().optional() });

export const Article = ArticleFields.extend({
  id: ArticleId,
  status: ArticleStatus,
  author: Name,
  /** Number of content versions (created + each edit). */
  version: z.int().min(1),
  /** The version that was last published, null while never published. */
  publishedVersion: z.int().min(1).nullable(),
  createdAt: HlcString,
  updatedAt: HlcString,
  history: z.array(ArticleRevision),
});
export type Article = z.infer<typeof Article>;
