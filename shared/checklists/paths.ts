import { successors, type ChecklistDocument, type Step } from './schema';

export interface EnumeratedPath {
  /** Step ids from start, each with the branch taken to leave it. */
  readonly steps: readonly { id: string; via?: string }[];
  /** `conclusion`: ends on one; `loop`: would revisit a step; `dead-end`: unknown step; `truncated`: bound hit. */
  readonly end: 'conclusion' | 'loop' | 'dead-end' | 'truncated';
}

/**
 * Every path from start that visits no step twice, depth first, bounded by `maxPaths` and `maxDepth`
 * so a large or broken document cannot run away.
 */
export function enumeratePaths(doc: ChecklistDocument, { maxPaths = 20_000, maxDepth = 200 } = {}): EnumeratedPath[] {
  const byId = new Map<string, Step>(doc.steps.map((s) => [s.id, s]));
  const out: EnumeratedPath[] = [];
  const trail: { id: string; via?: string }[] = [];
  const onTrail = new Set<string>();
  const walk = (id: string): void => {
    if (out.length >= maxPaths) return;
    const step = byId.get(id);
    if (!step) {
      out.push({ steps: [...trail, { id }], end: 'dead-end' });
      return;
    }
    if (onTrail.has(id)) {
      out.push({ steps: [...trail, { id }], end: 'loop' });
      return;
    }
    if (step.kind === 'conclusion') {
      out.push({ steps: [...trail, { id }], end: 'conclusion' });
      return;
    }
    if (trail.length >= maxDepth) {
      out.push({ steps: [...trail, { id }], end: 'truncated' });
      return;
    }
    onTrail.add(id);
    for (const { via, to } of successors(step)) {
      trail.push({ id, via });
      walk(to);
      trail.pop();
    }
    onTrail.delete(id);
  };
  walk(doc.start);
  return out;
}
