/**
 * User text -> an FTS5 query that cannot be a syntax error: each word quoted (quotes doubled), all words
 * required (`all`) or any of them (`any`, for "similar" lookups); the last word also matches as a prefix
 * while the user types.
 */
export function ftsQuery(text: string, mode: 'all' | 'any' = 'all', options: { prefix?: boolean; maxWords?: number } = {}): string | null {
  const words = text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .slice(0, options.maxWords ?? 12);
  if (words.length === 0) return null;
  const quoted = words.map((w, i) => `"${w.replaceAll('"', '""')}"${options.prefix && i === words.length - 1 ? '*' : ''}`);
  return quoted.join(mode === 'all' ? ' ' : ' OR ');
}

const STOP = new Set(
  'les des une est pas plus dans pour avec depuis sur aux par que qui mais elle ils nous vous leur cette tout tous très the and with from this that since does not are was were have has after into when every only just'.split(' '),
);

/** The words of a ticket worth matching on to find similar ones: long enough, not too common. */
export function keywords(text: string, max = 10): string[] {
  const seen = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length >= 4 && !STOP.has(word) && !/^\d+$/.test(word)) seen.add(word);
    if (seen.size >= max) break;
  }
  return [...seen];
}
