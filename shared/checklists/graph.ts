import { successors, type Step } from './schema';

/** Graph facts about a checklist's steps, over known step ids only (unknown references are dropped). */
export interface StepGraph {
  readonly byId: ReadonlyMap<string, Step>;
  readonly edges: ReadonlyMap<string, readonly string[]>;
}

export function buildGraph(steps: readonly Step[]): StepGraph {
  const byId = new Map<string, Step>();
  for (const step of steps) if (!byId.has(step.id)) byId.set(step.id, step);
  const edges = new Map<string, string[]>();
  for (const [id, step] of byId) edges.set(id, [...new Set(successors(step).map((s) => s.to).filter((to) => byId.has(to)))]);
  return { byId, edges };
}

export function reachableFrom(graph: StepGraph, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = graph.byId.has(start) ? [start] : [];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of graph.edges.get(id) ?? []) if (!seen.has(to)) queue.push(to);
  }
  return seen;
}

/** Steps from which at least one path reaches a conclusion. */
export function canReachConclusion(graph: StepGraph): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [from, tos] of graph.edges) for (const to of tos) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const good = new Set<string>();
  const queue = [...graph.byId.values()].filter((s) => s.kind === 'conclusion').map((s) => s.id);
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (good.has(id)) continue;
    good.add(id);
    for (const from of reverse.get(id) ?? []) if (!good.has(from)) queue.push(from);
  }
  return good;
}

/** Strongly connected components (Tarjan) of the sub-graph made of `within`; each in discovery order. */
export function stronglyConnected(graph: StepGraph, within: ReadonlySet<string>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.edges.get(v) ?? []) {
      if (!within.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      out.push(component.reverse());
    }
  };
  for (const id of within) if (!indices.has(id)) visit(id);
  return out;
}

export function isCycle(graph: StepGraph, component: readonly string[]): boolean {
  if (component.length > 1) return true;
  const only = component[0]!;
  return (graph.edges.get(only) ?? []).includes(only);
}
