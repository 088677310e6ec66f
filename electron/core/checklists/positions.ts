import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { DOCUMENT, type Problem } from '../../../shared/checklists';

export interface Located extends Problem {
  /** 1-based line and column of the node the problem is about (its nearest existing parent when missing). */
  readonly line?: number;
  readonly col?: number;
}

/** `rules[1].when.value` -> ['rules', 1, 'when', 'value']; `foo,bar` (unknown keys) -> the first key. */
function segments(field: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of field.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return out;
    if (match[1]) out.push(match[1].split(',')[0]!);
    for (const index of match[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

function stepIndex(doc: Document, stepId: string): number | null {
  const literal = /^steps\[(\d+)\]$/.exec(stepId);
  if (literal) return Number(literal[1]);
  const steps = doc.get('steps');
  if (!isSeq(steps)) return null;
  const index = steps.items.findIndex((item) => isMap(item) && item.get('id') === stepId);
  return index >= 0 ? index : null;
}

/** The node at `path`, or its deepest existing ancestor; for a map key, the key itself (where the eye goes). */
function nearest(doc: Document, path: (string | number)[]): Node | null {
  for (let depth = path.length; depth >= 0; depth--) {
    const parentPath = path.slice(0, Math.max(0, depth - 1));
    const parent = depth === 0 ? doc.contents : doc.getIn(parentPath, true);
    if (depth === 0) return (parent as Node | null) ?? null;
    const last = path[depth - 1]!;
    if (isMap(parent)) {
      const pair = parent.items.find((p) => (p.key as { value?: unknown } | null)?.value === last);
      if (pair) return (pair.key as Node | null) ?? (pair.value as Node | null);
    } else if (isSeq(parent) && typeof last === 'number') {
      const item = parent.items[last];
      if (item) return item as Node;
    }
  }
  return null;
}

/**
 * Where each problem is in the YAML text, so the editor can move the cursor there. A syntax error carries
 * its own position; a problem of the document or a step is placed on the field it names.
 */
export function locateProblems(text: string, problems: readonly Problem[]): Located[] {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  return problems.map((problem): Located => {
    if (problem.field === 'yaml') {
      const at = /^(\d+):(\d+): /.exec(problem.message);
      return at ? { ...problem, line: Number(at[1]), col: Number(at[2]) } : problem;
    }
    let path = segments(problem.field === DOCUMENT ? '' : problem.field);
    if (problem.stepId !== DOCUMENT) {
      const index = stepIndex(doc, problem.stepId);
      if (index === null) return problem;
      path = ['steps', index, ...path];
    }
    const node = nearest(doc, path);
    const offset = node?.range?.[0];
    if (offset === undefined) return problem;
    const pos = lines.linePos(offset);
    return { ...problem, line: pos.line, col: pos.col };
  });
}

/** The text with its top-level `version` set (comments and layout kept): a draft of the next version. */
export function withVersion(text: string, version: number): string {
  const doc = parseDocument(text);
  doc.set('version', version);
  return doc.toString({ lineWidth: 0 });
}
