import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPlanPath, validatePlan, type PlanDocument, type PlanPath } from '../../../shared/checks';
import type { ProblemText } from '../../../shared/validation';

/** One thing wrong with a plan file, printed as `file:line:col: field: message`. */
export interface PlanProblem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
  /** Dotted path in the document (`checks[1].fail.value`), `yaml` for a syntax error, `file` when unreadable. */
  readonly field: string;
  /** In English; `text` is the same problem as a key of the problem catalogue, for the editor's language. */
  readonly message: string;
  readonly text?: ProblemText;
}

export type PlanLoad = { readonly ok: true; readonly plan: PlanDocument; readonly text: string } | { readonly ok: false; readonly problems: readonly PlanProblem[] };

export function formatPlanProblem(p: PlanProblem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.field}: ${p.message}`;
}

/** Parses and validates a plan's YAML text; every problem names its line and field. */
export function parsePlanText(text: string, file: string): PlanLoad {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
        return { file, line: pos.line, col: pos.col, field: 'yaml', message: error.message.split('\n')[0] ?? 'not YAML' };
      }),
    };
  }
  const checked = validatePlan(doc.toJS({ maxAliasCount: 100 }));
  if (checked.ok) return { ok: true, plan: checked.plan, text };
  return {
    ok: false,
    problems: checked.issues.map((issue) => {
      const pos = lines.linePos(offsetOf(doc, issue.path));
      return { file, line: pos.line, col: pos.col, field: formatPlanPath(issue.path), message: issue.message, text: issue.text };
    }),
  };
}

/** Where the deepest node along `path` starts: a missing field is placed at the object that lacks it. */
function offsetOf(doc: Document, path: PlanPath): number {
  for (let depth = path.length; depth >= 0; depth--) {
    // Unknown keys are named together (`colour,size`): the first one is where the eye goes.
    const at = path.slice(0, depth).map((p) => (typeof p === 'string' ? p.split(',')[0]! : p));
    const node = depth === 0 ? doc.contents : doc.getIn(at, true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return 0;
}

export async function loadPlanFile(file: string): Promise<PlanLoad> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [{ file, line: 1, col: 1, field: 'file', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }] };
  }
  return parsePlanText(text, file);
}
