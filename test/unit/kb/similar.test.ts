import { describe, expect, it } from 'vitest';
import { categoryMatch, rankSimilar, type SimilarCandidate } from '../../../shared/kb';

const solved = (id: string, category: string | null, words: string[], status = 'resolved'): SimilarCandidate => ({ id, status, category, resolution: 'Spouleur redémarré.', words });
const ticket = { words: ['imprimante', 'spouleur', 'file', 'bloquée'], category: 'hardware/printer' };

describe('similar past tickets', () => {
  it('ranks by words in common and category, and says why', () => {
    const ranked = rankSimilar(
      ticket,
      [
        solved('two-words-other-family', 'network/wifi', ['imprimante', 'file', 'réseau']),
        solved('three-words-same', 'hardware/printer', ['imprimante', 'spouleur', 'file']),
        solved('one-word-same', 'hardware/printer', ['bloquée', 'papier']),
        solved('two-words-sibling', 'hardware/disk', ['spouleur', 'bloquée']),
      ],
      10,
    );
    expect(ranked.map((r) => [r.id, r.why.score])).toEqual([
      ['three-words-same', 5],
      ['two-words-sibling', 3],
      ['one-word-same', 3],
      ['two-words-other-family', 2],
    ]);
    expect(ranked[0]?.why).toEqual({ category: 'same', words: ['imprimante', 'spouleur', 'file'], score: 5 });
    expect(ranked[1]?.why.category).toBe('parent');
    expect(ranked[3]?.why.category).toBeNull();
  });

  it('lists only solved tickets with a solution written', () => {
    const ranked = rankSimilar(
      ticket,
      [
        solved('new', 'hardware/printer', ['imprimante', 'spouleur'], 'new'),
        solved('in-progress', 'hardware/printer', ['imprimante', 'spouleur'], 'in_progress'),
        { ...solved('no-solution', 'hardware/printer', ['imprimante', 'spouleur']), resolution: '  ' },
        solved('closed', 'hardware/printer', ['imprimante'], 'closed'),
      ],
      10,
    );
    expect(ranked.map((r) => r.id)).toEqual(['closed']);
  });

  it('needs two words in common outside the category, one inside; none is never enough', () => {
    const ranked = rankSimilar(ticket, [solved('one-word-elsewhere', 'software/email', ['imprimante']), solved('same-category-no-word', 'hardware/printer', ['toner'])], 10);
    expect(ranked).toEqual([]);
  });

  it('keeps at most `limit`, ties in the order given', () => {
    const many = ['a', 'b', 'c', 'd'].map((id) => solved(id, 'hardware/printer', ['imprimante']));
    expect(rankSimilar(ticket, many, 2).map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('a category is the same, a sibling under the same parent, or unrelated', () => {
    expect(categoryMatch('hardware/printer', 'hardware/printer')).toBe('same');
    expect(categoryMatch('hardware/printer', 'hardware')).toBe('parent');
    expect(categoryMatch('hardware/printer', 'network/wifi')).toBeNull();
    expect(categoryMatch(null, 'network/wifi')).toBeNull();
  });
});
