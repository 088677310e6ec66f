import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { ChecklistDocument, DOCUMENT, validateChecklist, type Problem, type ValidationResult } from '../../../shared/checklists';

/** Parses and validates one checklist's YAML text. YAML syntax errors come back with line:col. */
export function parseChecklistText(text: string, file: string, categories?: ReadonlySet<string>): ValidationResult {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems: Problem[] = doc.errors.map((error) => {
      const pos = error.linePos?.[0];
      const where = pos ? `${pos.line}:${pos.col}: ` : '';
      return { file, stepId: DOCUMENT, field: 'yaml', message: `${where}${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}` };
    });
    return { ok: false, problems };
  }
  return validateChecklist(doc.toJS({ maxAliasCount: 100 }), file, categories);
}

/** The document when its YAML reads and fits the schema, whatever its graph's problems; else null. */
export function readableDocument(text: string): ChecklistDocument | null {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) return null;
  const parsed = ChecklistDocument.safeParse(doc.toJS({ maxAliasCount: 100 }));
  return parsed.success ? parsed.data : null;
}

export interface FileValidation {
  readonly file: string;
  readonly text?: string;
  readonly result: ValidationResult;
}

/** Validates each file on its own: an unreadable or invalid file never stops the others. */
export async function validateFiles(files: readonly string[]): Promise<FileValidation[]> {
  return Promise.all(
    files.map(async (file): Promise<FileValidation> => {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        return { file, result: { ok: false, problems: [{ file, stepId: DOCUMENT, field: 'file', message: `cannot read the file (${code})` }] } };
      }
      return { file, text, result: parseChecklistText(text, file) };
    }),
  );
}

export interface LoadedChecklist {
  readonly file: string;
  readonly text: string;
  readonly document: ChecklistDocument;
}

/** Loads every `.yaml`/`.yml` file of a folder; the valid ones load, the others are reported. */
export async function loadChecklistDir(dir: string): Promise<{ loaded: LoadedChecklist[]; problems: Problem[] }> {
  const names = (await readdir(dir)).filter((n) => /\.ya?ml$/i.test(n)).sort();
  const results = await validateFiles(names.map((n) => join(dir, n)));
  const loaded: LoadedChecklist[] = [];
  const problems: Problem[] = [];
  for (const r of results) {
    if (r.result.ok && r.text !== undefined) loaded.push({ file: r.file, text: r.text, document: r.result.document });
    else problems.push(...r.result.problems);
  }
  return { loaded, problems };
}
