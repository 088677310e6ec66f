import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { parse } from 'yaml';
import { foldDraft, formatProblem, parseDraftEvent, type ChecklistDocument, type ChecklistDraft, type DraftEvent, type PublishChecks } from '../../../shared/checklists';
import { AtelierError } from '../../../shared/contract/errors';
import { hlcWallMs } from '../../../shared/tickets';
import type { Database } from '../db/open';
import { parseChecklistText } from './load';
import { withVersion } from './positions';
import type { ChecklistStore } from './store';
import { draftTemplate } from './template';

interface Clock {
  now(): string;
  readonly node: string;
}

export interface DraftSummary {
  id: string;
  checklistId: string;
  version: number;
  /** The YAML's title when it reads, else null (a draft may be half written). */
  title: { fr: string; en: string } | null;
  author: string;
  updatedMs: number;
  /** Changed on this device and not yet on the team hub. */
  unsynced: boolean;
  importedFrom: string | null;
}

export type DraftView = ChecklistDraft & { refused: string | null };

/** What an author's dry run found, handed in at publication so the record says it was done. */
export type DryRunReport = NonNullable<PublishChecks['dryRun']>;

export type ImportedDraft = { status: 'drafted'; draft: DraftView } | { status: 'unchanged'; id: string; version: number };

/** The version a draft's text claims, when its YAML reads that far. */
function claimed(text: string): { id?: string; version?: number; title?: { fr: string; en: string } } {
  try {
    const raw = parse(text) as { id?: unknown; version?: unknown; title?: { fr?: unknown; en?: unknown } } | null;
    const title = raw?.title && typeof raw.title.fr === 'string' && typeof raw.title.en === 'string' ? { fr: raw.title.fr, en: raw.title.en } : undefined;
    return {
      ...(typeof raw?.id === 'string' ? { id: raw.id } : {}),
      ...(typeof raw?.version === 'number' ? { version: raw.version } : {}),
      ...(title ? { title } : {}),
    };
  } catch {
    return {};
  }
}

/**
 * Drafts of checklists: their event log, the projection kept equal to each draft's fold, and publication
 * into the library (ChecklistStore), which holds published versions only. One transaction per write.
 */
export class DraftStore {
  constructor(
    private readonly db: Database,
    private readonly library: ChecklistStore,
    private readonly clock: Clock,
    private readonly actor: () => string,
  ) {}

  /** A draft of the next version of a published checklist; an open draft of it is reused rather than doubled. */
  edit(checklistId: string): DraftView {
    const open = this.db.prepare("SELECT id FROM checklist_drafts WHERE checklist_id = ? AND status = 'draft' ORDER BY updated_ms DESC LIMIT 1").pluck().get(checklistId) as string | undefined;
    if (open) return this.get(open);
    const row = this.db.prepare('SELECT version, yaml FROM checklists WHERE id = ? ORDER BY version DESC LIMIT 1').get(checklistId) as { version: number; yaml: string } | undefined;
    if (!row) throw new AtelierError('not_found', `no checklist "${checklistId}"`, 'id');
    const version = row.version + 1;
    return this.append(uuidv7(), 'created', { checklistId, version, yaml: withVersion(row.yaml, version) });
  }

  /** A new checklist from the template, under an id no checklist or open draft uses yet. */
  create(): DraftView {
    const taken = new Set([
      ...(this.db.prepare('SELECT DISTINCT id FROM checklists').pluck().all() as string[]),
      ...(this.db.prepare("SELECT checklist_id FROM checklist_drafts WHERE status = 'draft'").pluck().all() as string[]),
    ]);
    let checklistId = 'new-checklist';
    for (let n = 2; taken.has(checklistId) && n < 10_000; n++) checklistId = `new-checklist-${n}`;
    return this.append(uuidv7(), 'created', { checklistId, version: 1, yaml: draftTemplate(checklistId) });
  }

  /**
   * An imported file becomes a draft like one written in the editor, so it goes through the same review,
   * dry run and publication (N1 never meets it before). The text must validate; a version already
   * published with this very text is `unchanged`, with other text a conflict. An open draft of the same
   * checklist takes the file as its new text rather than a second draft being started.
   */
  importFile(yaml: string, file: string): ImportedDraft {
    const doc = this.checked(yaml, file);
    return this.db.transaction((): ImportedDraft => {
      const stored = this.db.prepare('SELECT yaml FROM checklists WHERE id = ? AND version = ?').pluck().get(doc.id, doc.version) as string | undefined;
      if (stored !== undefined) {
        if (stored === yaml || this.sameDocument(stored, doc, file)) return { status: 'unchanged', id: doc.id, version: doc.version };
        throw new AtelierError('conflict', `${doc.id} version ${doc.version} is already published with different content: raise "version" to import a change`, 'version');
      }
      const open = this.db.prepare("SELECT id FROM checklist_drafts WHERE checklist_id = ? AND status = 'draft' ORDER BY updated_ms DESC LIMIT 1").pluck().get(doc.id) as string | undefined;
      if (open) return { status: 'drafted', draft: this.save(open, yaml) };
      return { status: 'drafted', draft: this.append(uuidv7(), 'created', { checklistId: doc.id, version: doc.version, yaml, importedFrom: file }) };
    })();
  }

  /** Saves the text as it is, valid or not: a half-written draft is still work to keep. */
  save(draftId: string, yaml: string): DraftView {
    const draft = this.open(draftId);
    if (draft.yaml === yaml) return this.get(draftId);
    return this.append(draftId, 'edited', { yaml });
  }

  /**
   * Publishes the text (saved first if it changed): it must validate, and its version must be above every
   * published version of its checklist, so a run pinned to an older version keeps replaying that one.
   */
  publish(draftId: string, yaml?: string, dryRun?: DryRunReport): DraftView {
    return this.db.transaction((): DraftView => {
      if (yaml !== undefined) this.save(draftId, yaml);
      const draft = this.open(draftId);
      const doc = this.checked(draft.yaml, `${draft.checklistId}.yaml`);
      const probes = doc.steps.filter((s) => s.kind === 'probe');
      const unknown = dryRun?.results.find((r) => !probes.some((s) => s.id === r.stepId));
      if (unknown) throw new AtelierError('invalid_input', `the dry run names step "${unknown.stepId}", which is not an automatic check of this draft`, 'dryRun.results');
      const checks: PublishChecks = { steps: doc.steps.length, probes: probes.length, dryRun: dryRun ?? null };
      const newest = this.db.prepare('SELECT max(version) FROM checklists WHERE id = ?').pluck().get(doc.id) as number | null;
      if (newest !== null && doc.version <= newest) {
        throw new AtelierError('conflict', `${doc.id} version ${newest} is already published: set "version" to ${newest + 1} or more to publish this draft`, 'version');
      }
      const sha256 = createHash('sha256').update(draft.yaml).digest('hex');
      const published = this.append(draftId, 'published', { checklistId: doc.id, version: doc.version, yaml: draft.yaml, sha256, checks });
      this.intoLibrary(published);
      return published;
    })();
  }

  discard(draftId: string): DraftView {
    this.open(draftId);
    return this.append(draftId, 'discarded', {});
  }

  get(draftId: string): DraftView {
    const row = this.db.prepare('SELECT state, refused FROM checklist_drafts WHERE id = ?').get(draftId) as { state: string; refused: string | null } | undefined;
    if (!row) throw new AtelierError('not_found', `draft ${draftId} does not exist`, 'draftId');
    // States folded before imports and recorded checks existed lack those fields.
    const state = JSON.parse(row.state) as ChecklistDraft;
    return { ...state, importedFrom: state.importedFrom ?? null, published: state.published ? { ...state.published, checks: state.published.checks ?? null } : null, refused: row.refused };
  }

  /** Open drafts, newest first. */
  list(): DraftSummary[] {
    const rows = this.db
      .prepare(
        `SELECT d.id, d.checklist_id, d.version, d.author, d.updated_ms, d.state,
           EXISTS (SELECT 1 FROM checklist_draft_events e WHERE e.draft_id = d.id AND e.origin = 'local' AND e.synced_at IS NULL) AS unsynced
         FROM checklist_drafts d WHERE d.status = 'draft' ORDER BY d.updated_ms DESC`,
      )
      .all() as { id: string; checklist_id: string; version: number; author: string; updated_ms: number; state: string; unsynced: 0 | 1 }[];
    return rows.map((r) => {
      const state = JSON.parse(r.state) as ChecklistDraft;
      const said = claimed(state.yaml);
      return {
        id: r.id,
        checklistId: said.id ?? r.checklist_id,
        version: said.version ?? r.version,
        title: said.title ?? null,
        author: r.author,
        updatedMs: r.updated_ms,
        unsynced: r.unsynced === 1,
        importedFrom: state.importedFrom ?? null,
      };
    });
  }

  events(draftId: string): DraftEvent[] {
    const rows = this.db.prepare('SELECT id, draft_id, hlc, actor, device, type, payload FROM checklist_draft_events WHERE draft_id = ? ORDER BY hlc, id').all(draftId) as Record<string, string>[];
    return rows.map((r) => ({ id: r.id, draftId: r.draft_id, hlc: r.hlc, actor: r.actor, device: r.device, type: r.type, payload: JSON.parse(r.payload ?? '{}') }) as DraftEvent);
  }

  /**
   * Events made on other devices (the hub): idempotent on id; touched drafts are folded again, and a draft
   * published elsewhere puts its version in the library. Returns how many drafts changed.
   */
  applyExternal(raw: readonly unknown[], syncedAt: string | null = null): number {
    const events = raw.map((value, i) => parseDraftEvent(value, `events[${i}]`));
    return this.db.transaction(() => {
      const touched = new Set<string>();
      for (const event of events) if (this.insert(event, 'remote', syncedAt)) touched.add(event.draftId);
      for (const id of touched) this.refresh(id);
      return touched.size;
    })();
  }

  /** Folds a draft again from its log; events whose `created` has not arrived yet wait in the log. */
  refresh(id: string): void {
    const log = this.events(id);
    if (!log.some((event) => event.type === 'created')) return;
    const draft = this.refold(id, log);
    if (draft.published) this.toLibrary(id, draft);
  }

  /**
   * A publication from another device enters the library unless that version is already there with other
   * text (two devices published the same version offline): the first one stored stays, so runs never
   * change under anyone's feet, and the draft says why its publication was not taken.
   */
  private toLibrary(id: string, draft: ChecklistDraft): void {
    let refused: string | null = null;
    try {
      this.intoLibrary(draft);
    } catch (error) {
      if (!(error instanceof AtelierError)) throw error;
      refused = error.message;
    }
    this.db.prepare('UPDATE checklist_drafts SET refused = ? WHERE id = ?').run(refused, id);
  }

  /** An imported file keeps its name as the library's source; who published it stays on the draft. */
  private intoLibrary(draft: ChecklistDraft): void {
    const published = draft.published!;
    if (draft.importedFrom) this.library.importText(published.yaml, 'file', draft.importedFrom);
    else this.library.importText(published.yaml, 'editor', published.by);
  }

  private checked(yaml: string, file: string): ChecklistDocument {
    const checked = parseChecklistText(yaml, file, this.library.categories());
    if (checked.ok) return checked.document;
    const first = checked.problems[0]!;
    throw new AtelierError('invalid_input', `${checked.problems.length} problem(s): ${checked.problems.slice(0, 5).map(formatProblem).join('; ')}`, `${first.stepId}.${first.field}`);
  }

  /** The library compares documents, not bytes (comments and spacing may differ). */
  private sameDocument(storedYaml: string, doc: ChecklistDocument, file: string): boolean {
    const stored = parseChecklistText(storedYaml, file, this.library.categories());
    return stored.ok && JSON.stringify(stored.document) === JSON.stringify(doc);
  }

  private open(draftId: string): DraftView {
    const draft = this.get(draftId);
    if (draft.status !== 'draft') throw new AtelierError('conflict', `this draft is already ${draft.status}: edit the checklist again to start the next version`, 'draftId');
    return draft;
  }

  private append(draftId: string, type: DraftEvent['type'], payload: unknown): DraftView {
    return this.db.transaction(() => {
      const event = parseDraftEvent({ id: uuidv7(), draftId, hlc: this.clock.now(), actor: this.actor(), device: this.clock.node, type, payload });
      this.insert(event, 'local');
      this.refold(draftId);
      return this.get(draftId);
    })();
  }

  private insert(event: DraftEvent, origin: 'local' | 'remote', syncedAt: string | null = null): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO checklist_draft_events (id, draft_id, hlc, actor, device, type, payload, origin, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(event.id, event.draftId, event.hlc, event.actor, event.device, event.type, JSON.stringify(event.payload), origin, syncedAt).changes === 1
    );
  }

  /** Drafts are small and rarely edited: folding the whole log each time keeps one code path. */
  private refold(id: string, log: readonly DraftEvent[] = this.events(id)): ChecklistDraft {
    const draft = foldDraft(log);
    this.db
      .prepare(
        `INSERT INTO checklist_drafts (id, checklist_id, version, status, author, updated_ms, state) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET checklist_id = excluded.checklist_id, version = excluded.version, status = excluded.status,
           author = excluded.author, updated_ms = excluded.updated_ms, state = excluded.state`,
      )
      .run(draft.id, draft.checklistId, draft.version, draft.status, draft.author, hlcWallMs(draft.updatedAt), JSON.stringify(draft));
    return draft;
  }
}
