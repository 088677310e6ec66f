/**
 * Which past tickets to show as "similar" on a ticket, and why each was chosen. Only tickets that were
 * solved (resolved or closed, with a solution written) are worth reading; they rank by the words they share
 * with this ticket and by their category (same category, or a sibling under the same parent).
 */

export type CategoryMatch = 'same' | 'parent';

export interface SimilarCandidate {
  readonly id: string;
  readonly status: string;
  readonly category: string | null;
  readonly resolution: string | null;
  /** The candidate's keywords (see the core's `keywords`). */
  readonly words: readonly string[];
}

export interface SimilarWhy {
  readonly category: CategoryMatch | null;
  /** Keywords in common, in this ticket's order (most telling first). */
  readonly words: readonly string[];
  readonly score: number;
}

const SOLVED = new Set(['resolved', 'closed']);
const CATEGORY_WEIGHT: Record<CategoryMatch, number> = { same: 2, parent: 1 };

export function categoryMatch(a: string | null, b: string | null): CategoryMatch | null {
  if (!a || !b) return null;
  if (a === b) return 'same';
  const parent = (path: string) => path.split('/')[0];
  return parent(a) === parent(b) ? 'parent' : null;
}

/** Why `candidate` resembles a ticket with `words` and `category`, or null when it should not be shown. */
export function similarity(ticket: { words: readonly string[]; category: string | null }, candidate: SimilarCandidate): SimilarWhy | null {
  if (!SOLVED.has(candidate.status) || !candidate.resolution?.trim()) return null;
  const theirs = new Set(candidate.words);
  const common = ticket.words.filter((w) => theirs.has(w));
  const category = categoryMatch(ticket.category, candidate.category);
  // Text decides: one word in common is enough in the same category, two anywhere else.
  const needed = category === 'same' ? 1 : Math.min(2, ticket.words.length);
  if (common.length === 0 || common.length < needed) return null;
  return { category, words: common, score: common.length + (category ? CATEGORY_WEIGHT[category] : 0) };
}

/** The candidates worth showing, best first (at equal score, more words in common first, then the order given: best text match first), at most `limit`. */
export function rankSimilar<C extends SimilarCandidate>(ticket: { words: readonly string[]; category: string | null }, candidates: readonly C[], limit: number): (C & { why: SimilarWhy })[] {
  return candidates
    .flatMap((candidate, order) => {
      const why = similarity(ticket, candidate);
      return why ? [{ candidate, why, order }] : [];
    })
    .sort((a, b) => b.why.score - a.why.score || b.why.words.length - a.why.words.length || a.order - b.order)
    .slice(0, limit)
    .map(({ candidate, why }) => ({ ...candidate, why }));
}
