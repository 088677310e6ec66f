import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AtelierError } from '../../../shared/contract/errors';
import { ChecklistDocument, formatProblem, type LocalizedText } from '../../../shared/checklists';
import type { Database } from '../db/open';
import { readStored, writeStored } from '../db/stored-values';
import { builtinLibraryDir } from './library';
import { parseChecklistText, validateFiles } from './load';

export type ChecklistOrigin = 'builtin' | 'file' | 'hub' | 'editor';

/** Built-in file name -> the hash of the text installed from it and the version it gave. */
const INSTALLED_BUILTINS_KEY = 'checklists.installed-builtins';
const InstalledBuiltins = z.record(z.string(), z.object({ sha256: z.string(), id: z.string(), version: z.number().int() }));

function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export interface ChecklistInfo {
  readonly id: string;
  readonly version: number;
  readonly title: LocalizedText;
  readonly origin: ChecklistOrigin;
  /** File name or address it was imported from. */
  readonly source: string | null;
  readonly importedAt: string;
  /** Who published it from a draft; null for built-in versions and those stored before drafts. */
  readonly publishedBy: string | null;
  /** Every stored version of this checklist, newest first. */
  readonly versions: readonly number[];
  readonly categories: readonly string[];
}

export interface ImportOutcome {
  readonly id: string;
  readonly version: number;
  readonly status: 'added' | 'unchanged';
}

interface Row {
  id: string;
  version: number;
  title_fr: string;
  title_en: string;
  origin: ChecklistOrigin;
  source: string | null;
  imported_at: string;
  document: string;
  published_by: string | null;
}

/**
 * Checklists stored by (id, version). A stored version never changes: importing the same text again is a
 * no-op, importing different content under an existing version is refused, so recorded runs keep
 * replaying the exact document they were made with.
 */
export class ChecklistStore {
  constructor(private readonly db: Database) {}

  importText(text: string, origin: ChecklistOrigin, source: string | null): ImportOutcome {
    const result = parseChecklistText(text, source ?? 'checklist', this.categories());
    if (!result.ok) {
      const first = result.problems[0]!;
      throw new AtelierError('invalid_input', `${result.problems.length} problem(s): ${result.problems.slice(0, 5).map(formatProblem).join('; ')}`, `${first.stepId}.${first.field}`);
    }
    const doc = result.document;
    const sha256 = createHash('sha256').update(JSON.stringify(doc)).digest('hex');
    return this.db.transaction((): ImportOutcome => {
      const existing = this.db.prepare('SELECT sha256 FROM checklists WHERE id = ? AND version = ?').pluck().get(doc.id, doc.version) as string | undefined;
      if (existing === sha256) return { id: doc.id, version: doc.version, status: 'unchanged' };
      if (existing !== undefined) {
        throw new AtelierError('conflict', `${doc.id} version ${doc.version} is already stored with different content: raise "version" to publish a change`, 'version');
      }
      this.db
        .prepare(
          `INSERT INTO checklists (id, version, title_fr, title_en, origin, source, sha256, document, yaml, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(doc.id, doc.version, doc.title.fr, doc.title.en, origin, source, sha256, JSON.stringify(doc), text, new Date().toISOString());
      return { id: doc.id, version: doc.version, status: 'added' };
    })();
  }

  /** The category tree as stored (the built-in one plus what users added), which checklists are checked against. */
  categories(): ReadonlySet<string> {
    return new Set(this.db.prepare('SELECT path FROM categories').pluck().all() as string[]);
  }

  async importFile(file: string, origin: ChecklistOrigin = 'file'): Promise<ImportOutcome> {
    const [checked] = await validateFiles([file]);
    if (!checked?.text) throw new AtelierError('not_found', checked?.result.problems[0]?.message ?? `cannot read ${file}`, 'file');
    return this.importText(checked.text, origin, basename(file));
  }

  /**
   * Imports the built-in library; invalid files are reported and the others still imported. A file whose text
   * was installed before (same bytes, its version still stored) is not parsed again: the library is checked
   * on every start, and parsing it all took a few hundred milliseconds just after the app opened.
   */
  async installBuiltins(dir = builtinLibraryDir()): Promise<{ outcomes: ImportOutcome[]; problems: string[] }> {
    const names = (await readdir(dir)).filter((name) => /\.ya?ml$/i.test(name)).sort();
    const texts = await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8').catch(() => undefined)));
    // A short command (the CLI) may have closed the store while the files were read: nothing to do then.
    if (!this.db.open) return { outcomes: [], problems: [] };
    const installed = InstalledBuiltins.catch({}).parse(readStored(this.db, INSTALLED_BUILTINS_KEY));
    const outcomes: ImportOutcome[] = [];
    const changed: string[] = [];
    names.forEach((name, index) => {
      const known = installed[name];
      const text = texts[index];
      if (known && text !== undefined && known.sha256 === textHash(text) && this.has(known.id, known.version)) {
        outcomes.push({ id: known.id, version: known.version, status: 'unchanged' });
      } else changed.push(name);
    });
    if (changed.length === 0) return { outcomes, problems: [] };
    const checked = await validateFiles(changed.map((name) => join(dir, name)));
    if (!this.db.open) return { outcomes: [], problems: [] };
    const errors: string[] = [];
    const next = { ...installed };
    for (const { file, text, result } of checked) {
      if (!result.ok || text === undefined) {
        errors.push(...result.problems.map(formatProblem));
        continue;
      }
      try {
        const outcome = this.importText(text, 'builtin', basename(file));
        outcomes.push(outcome);
        next[basename(file)] = { sha256: textHash(text), id: outcome.id, version: outcome.version };
      } catch (error) {
        errors.push(`${basename(file)}: ${(error as Error).message}`);
      }
    }
    writeStored(this.db, INSTALLED_BUILTINS_KEY, next);
    return { outcomes, problems: errors };
  }

  private has(id: string, version: number): boolean {
    return this.db.prepare('SELECT 1 FROM checklists WHERE id = ? AND version = ?').get(id, version) !== undefined;
  }

  /** The document of a checklist: the exact version when given, else the newest. */
  get(id: string, version?: number): ChecklistDocument {
    const row = (
      version === undefined
        ? this.db.prepare('SELECT document FROM checklists WHERE id = ? ORDER BY version DESC LIMIT 1').get(id)
        : this.db.prepare('SELECT document FROM checklists WHERE id = ? AND version = ?').get(id, version)
    ) as { document: string } | undefined;
    if (!row) throw new AtelierError('not_found', version === undefined ? `no checklist "${id}"` : `no checklist "${id}" version ${version}`, 'id');
    return ChecklistDocument.parse(JSON.parse(row.document));
  }

  /** One entry per checklist (its newest version), with every version stored and where it came from. */
  list(): ChecklistInfo[] {
    const rows = this.db
      .prepare(
        `SELECT c.id, c.version, c.title_fr, c.title_en, c.origin, c.source, c.imported_at, c.document,
           (SELECT json_extract(d.state, '$.published.by') FROM checklist_drafts d
             WHERE d.checklist_id = c.id AND d.version = c.version AND d.status = 'published' ORDER BY d.updated_ms LIMIT 1) AS published_by
         FROM checklists c ORDER BY c.id, c.version DESC`,
      )
      .all() as Row[];
    const out: ChecklistInfo[] = [];
    for (const row of rows) {
      const last = out.at(-1);
      if (last && last.id === row.id) {
        (last.versions as number[]).push(row.version);
        continue;
      }
      const doc = JSON.parse(row.document) as { applies_to?: { categories?: string[] } };
      out.push({
        id: row.id,
        version: row.version,
        title: { fr: row.title_fr, en: row.title_en },
        origin: row.origin,
        source: row.source,
        importedAt: row.imported_at,
        publishedBy: row.published_by,
        versions: [row.version],
        categories: doc.applies_to?.categories ?? [],
      });
    }
    return out;
  }
}
