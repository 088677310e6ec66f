import { words } from '../search/fts-query';

const STOP = new Set(
  'les des une est pas plus dans pour avec depuis sur aux par que qui mais elle ils nous vous leur cette tout tous très the and with from this that since does not are was were have has after into when every only just'.split(' '),
);

/** The words of a ticket worth matching on to find similar ones: long enough, not too common. */
export function keywords(text: string, max = 10): string[] {
  const seen = new Set<string>();
  for (const word of words(text.toLowerCase())) {
    if (word.length >= 4 && !STOP.has(word) && !/^\d+$/.test(word)) seen.add(word);
    if (seen.size >= max) break;
  }
  return [...seen];
}
