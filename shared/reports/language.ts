/**
 * Which language a requester wrote in, French or English, from a few very common words and the accents
 * only French uses here. Good enough for a ticket title and description; the technician can override it.
 */
import type { Language } from '../contract/app';

const FR = new Set(['le', 'la', 'les', 'des', 'du', 'un', 'une', 'est', 'pas', 'ne', 'plus', 'au', 'aux', 'sur', 'avec', 'depuis', 'mon', 'ma', 'mes', 'et', 'je', 'il', 'elle', 'qui', 'que', 'dans', 'pour', 'poste', 'fait']);
const EN = new Set(['the', 'a', 'an', 'is', 'are', 'not', 'no', 'and', 'with', 'since', 'from', 'of', 'to', 'my', 'it', 'on', 'in', 'does', 'cannot', 'can', 'after', 'every', 'for', 'was']);

export function guessLanguage(text: string, fallback: Language = 'fr'): Language {
  const words = text.toLowerCase().split(/[^a-zà-ÿœ’']+/).filter(Boolean);
  let fr = (text.match(/[éèêàùçœâîôû]/gi) ?? []).length;
  let en = 0;
  for (const word of words) {
    const bare = word.replace(/^[ldjcmnst]['’]/, '');
    if (FR.has(bare) || bare !== word) fr++;
    if (EN.has(word)) en++;
  }
  if (fr === en) return fallback;
  return fr > en ? 'fr' : 'en';
}
