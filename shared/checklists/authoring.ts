/**
 * Checklists written in the app: a draft is the fold of its events (created, edited, published,
 * discarded), like a knowledge-base article, so it works offline and syncs. A draft holds the YAML of one
 * future version; publishing it puts that exact text in the library, where N1 can run it. Until then the
 * library keeps the previous published version.
 */
import { z } from 'zod';
import { AtelierError, parseOrThrow } from '../contract/errors';
import { compareEvents } from '../tickets/events';
import { HlcString } from '../tickets/hlc';
import { EventId, Name } from '../tickets/model';
import { hint } from '../validation/text';
import { CHECKLIST_ID } from './schema';

export const DraftId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, 'not a draft id');
export const ChecklistYaml = z.string().max(1_000_000, 'a checklist holds at most 1,000,000 characters');
const ChecklistKey = z.string().regex(CHECKLIST_ID, hint('hintChecklistId'));

/** A dry run's outcome per automatic check, as the publisher saw it before publishing. */
export const DryRunResult = z.enum(['pass', 'warn', 'fail', 'unavailable', 'error']);
/**
 * What was checked before a publication: the validator's verdict on the exact text (always clean, or it
 * is not published) and, when the author ran one, the dry run of its probes and where it ran.
 */
export const PublishChecks = z
  .object({
    steps: z.int().min(0),
    probes: z.int().min(0),
    dryRun: z
      .object({
        target: z.string().min(1).max(200),
        results: z.array(z.object({ stepId: z.string().min(1).max(100), result: DryRunResult }).strict()).max(500),
      })
      .strict()
      .nullable(),
  })
  .strict();
export type PublishChecks = z.infer<typeof PublishChecks>;

export const DRAFT_PAYLOADS = {
  /** `checklistId`/`version`: what the draft was started as (the YAML may change them before publishing). */
  /** `importedFrom`: the file name when the draft comes from an imported file rather than the editor. */
  created: z.object({ checklistId: ChecklistKey, version: z.int().positive(), yaml: ChecklistYaml, importedFrom: z.string().min(1).max(500).optional() }).strict(),
  edited: z.object({ yaml: ChecklistYaml }).strict(),
  /** The exact text published, validated by the publisher: what N1 runs, whatever edits come later. */
  /** `checks` is absent from publications made before checks were recorded. */
  published: z
    .object({ checklistId: ChecklistKey, version: z.int().positive(), yaml: ChecklistYaml, sha256: z.string().regex(/^[0-9a-f]{64}$/), checks: PublishChecks.optional() })
    .strict(),
  discarded: z.object({}).strict(),
} as const;
export type DraftEventType = keyof typeof DRAFT_PAYLOADS;

const envelope = { id: EventId, draftId: DraftId, hlc: HlcString, actor: Name, device: Name };
const draftEvent = <T extends DraftEventType>(type: T) => z.object({ ...envelope, type: z.literal(type), payload: DRAFT_PAYLOADS[type] }).strict();
export const DraftEvent = z.discriminatedUnion('type', [draftEvent('created'), draftEvent('edited'), draftEvent('published'), draftEvent('discarded')]);
export type DraftEvent = z.infer<typeof DraftEvent>;

export function parseDraftEvent(value: unknown, where = ''): DraftEvent {
  return parseOrThrow(DraftEvent, value, where);
}

export const DraftStatus = z.enum(['draft', 'published', 'discarded']);
export type DraftStatus = z.infer<typeof DraftStatus>;

export const ChecklistDraft = z.object({
  id: DraftId,
  checklistId: z.string(),
  version: z.int(),
  yaml: z.string(),
  status: DraftStatus,
  author: z.string(),
  /** The file it was imported from, null when written in the editor. */
  importedFrom: z.string().nullable(),
  createdAt: HlcString,
  updatedAt: HlcString,
  /** Set once published: who and when, the exact text that went to the library, and what was checked first. */
  published: z
    .object({ by: z.string(), at: HlcString, checklistId: z.string(), version: z.int(), yaml: z.string(), sha256: z.string(), checks: PublishChecks.nullable() })
    .nullable(),
  /** Edits made on another device after the draft was published or discarded: kept in the log, not applied. */
  lateEdits: z.int().min(0),
});
export type ChecklistDraft = z.infer<typeof ChecklistDraft>;

/**
 * A draft = the fold of its events in (hlc, id) order: the text is last-writer-wins, the first publication
 * or discard closes it (an edit that arrives after it from another device is counted, not applied).
 */
export function foldDraft(events: readonly DraftEvent[]): ChecklistDraft {
  const ordered = [...events].sort(compareEvents).filter((e, i, all) => i === 0 || all[i - 1]?.id !== e.id);
  let draft: ChecklistDraft | null = null;
  for (const event of ordered) {
    if (event.type === 'created') {
      if (draft) throw new AtelierError('invalid_input', `draft ${event.draftId} has a second created event`);
      const p = event.payload;
      draft = {
        id: event.draftId,
        checklistId: p.checklistId,
        version: p.version,
        yaml: p.yaml,
        status: 'draft',
        author: event.actor,
        importedFrom: p.importedFrom ?? null,
        createdAt: event.hlc,
        updatedAt: event.hlc,
        published: null,
        lateEdits: 0,
      };
      continue;
    }
    if (!draft) throw new AtelierError('invalid_input', `draft ${event.draftId}: its first event is ${event.type}, not created`);
    if (draft.status !== 'draft') {
      if (event.type === 'edited') draft.lateEdits += 1;
      continue;
    }
    if (event.type === 'edited') draft.yaml = event.payload.yaml;
    else if (event.type === 'published') {
      const p = event.payload;
      draft.status = 'published';
      draft.yaml = p.yaml;
      draft.checklistId = p.checklistId;
      draft.version = p.version;
      draft.published = { by: event.actor, at: event.hlc, checklistId: p.checklistId, version: p.version, yaml: p.yaml, sha256: p.sha256, checks: p.checks ?? null };
    } else draft.status = 'discarded';
    draft.updatedAt = event.hlc;
  }
  if (!draft) throw new AtelierError('invalid_input', 'a draft needs its created event');
  return draft;
}

/** Who may do what with checklists: N1 runs published versions; N2 and N3 also write and publish. */
export function canAuthorChecklists(level: 'N1' | 'N2' | 'N3'): boolean {
  return level !== 'N1';
}
