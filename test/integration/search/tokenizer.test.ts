import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { searchQuery, words } from '../../../electron/core/search/fts-query';

describe('the search rule against SQLite’s own tokenizer', () => {
  it('keeps a word in one piece only where unicode61 does, for every code point', () => {
    // A word the rule keeps whole but SQLite cuts in two would be a phrase, which the ticket index (no word
    // positions, migration 0009) refuses. Each row holds the words the rule makes of `a<c>b` for the code
    // points of a block that it keeps inside a word: SQLite must see one word in each too. (The rule may cut where SQLite does not:
    // that finds less, it never fails.)
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (a, tokenize = 'unicode61 remove_diacritics 2')");
    db.exec("CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance')");
    const insert = db.prepare('INSERT INTO t (rowid, a) VALUES (?, ?)');
    const expected = new Map<number, number>();
    const BLOCK = 0x1000;
    for (let start = 0; start < 0x110000; start += BLOCK) {
      const items: string[] = [];
      for (let cp = Math.max(start, 1); cp < start + BLOCK; cp++) {
        if (cp >= 0xd800 && cp <= 0xdfff) continue;
        const found = words(`a${String.fromCodePoint(cp)}b`);
        if (found.length === 1) items.push(found[0] ?? '');
      }
      insert.run(start / BLOCK + 1, items.join(' '));
      expected.set(start / BLOCK + 1, items.length);
    }
    const counted = new Map((db.prepare('SELECT doc, count(*) FROM v GROUP BY doc').raw().all() as [number, number][]).map(([doc, n]) => [doc, n]));
    const differing = [...expected]
      .filter(([doc, n]) => (counted.get(doc) ?? 0) !== n)
      .map(([doc, n]) => `U+${((doc - 1) * BLOCK).toString(16)}…: rule ${n}, sqlite ${counted.get(doc)}`);
    expect(differing).toEqual([]);
    db.close();
  });

  it('never sends FTS5 a query the ticket index refuses', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (a, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, detail = column)");
    const match = db.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck();
    for (const text of ['ERROR_ACCESS_DENIED', 'a_b', '"x y" OR NOT z', 'NEAR(a b, 3)', 'a OR', 'OR a NOT', 'a\u19b0b', 'Wi-Fi*', 'x'.repeat(400)]) {
      const query = searchQuery(text, { positions: false }) ?? '""';
      expect(() => match.get(query), `${text} -> ${query}`).not.toThrow();
    }
    db.close();
  });

  it('cuts a text where unicode61 cuts it, for the characters technicians type', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (a, tokenize = 'unicode61 remove_diacritics 2')");
    db.exec("CREATE VIRTUAL TABLE v USING fts5vocab (t, 'instance')");
    const text = 'ERROR_ACCESS_DENIED C:\\Windows\\System32 setup_x64.exe l’écran Wi-Fi 0x80070005 KB5034441 «guillemets» 10.0.0.12 naïve Straße';
    db.prepare('INSERT INTO t (rowid, a) VALUES (1, ?)').run(text);
    const sqlite = db.prepare('SELECT term FROM v ORDER BY offset').pluck().all();
    const folded = words(text).map((w) => w.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase());
    expect(folded).toEqual(sqlite);
    db.close();
  });
});
