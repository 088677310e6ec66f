/**
 * How the full-text index is kept tidy (migration 0010, figures in docs/performance.md). FTS5 adds a small
 * segment per write and merges segments as they pile up. Left to itself (automerge) it merged in bursts
 * inside whichever write crossed its threshold: a whole level of 32 one-page segments, or 64 × levels
 * pages, in one write (1–7 ms, and more as the index grows). Automatic merging is off; each writing
 * transaction instead merges a bounded amount for the entries it rewrote (ProjectionWriter.mergeSearch):
 * on levels holding 8 segments (`usermerge` 8), at most this many pages per entry. That keeps pace with
 * the writes (an entry adds about 2 leaf pages, merged again at each level) and costs a write at most
 * about 0.5 ms.
 */
export const MERGE_PAGES_PER_ENTRY = 4;
