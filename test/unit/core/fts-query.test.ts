import { describe, expect, it } from 'vitest';
import { anyWordQuery, MAX_WORDS, searchedWords, searchQuery, words } from '../../../electron/core/search/fts-query';

const tickets = (text: string) => searchQuery(text, { positions: false });
const kb = (text: string) => searchQuery(text, { positions: true });

describe('user text to an FTS5 query', () => {
  it('cuts words where the index does: underscores, dots, slashes and backslashes separate, letters and digits stay', () => {
    expect(words('ERROR_ACCESS_DENIED')).toEqual(['ERROR', 'ACCESS', 'DENIED']);
    expect(words('C:\\Windows\\System32\\drivers')).toEqual(['C', 'Windows', 'System32', 'drivers']);
    expect(words('0x80070005 KB5034441')).toEqual(['0x80070005', 'KB5034441']);
    expect(words('E\u0301cran')).toEqual(['Écran']);
  });

  it('requires each part of a glued run where the index keeps no positions, and a phrase where it does', () => {
    expect(tickets('ERROR_ACCESS_DENIED')).toBe('(("ERROR" AND "ACCESS" AND "DENIED"*))');
    expect(kb('ERROR_ACCESS_DENIED')).toBe('(("ERROR ACCESS DENIED"*))');
    expect(kb('"access denied" error')).toBe('(("access denied" AND "error"*))');
  });

  it('makes the last searched word a prefix, and any word ending in *', () => {
    expect(tickets('0x8007* echoue')).toBe('(("0x8007"* AND "echoue"*))');
    expect(tickets('spooler NOT ping')).toBe('(("spooler"*) NOT (("ping")))');
  });

  it('reads OR, NOT, AND and NEAR in capitals as operators, and lower-case ones as words', () => {
    expect(tickets('imprimante OR écran')).toBe('(("imprimante")) OR (("écran"*))');
    expect(tickets('a AND b')).toBe(tickets('a b'));
    expect(tickets('NEAR(a b)')).toBe(tickets('a b'));
    expect(tickets('a or b')).toBe('(("a" AND "or" AND "b"*))');
    expect(tickets('OR a OR OR b OR')).toBe('(("a")) OR (("b"*))');
  });

  it('searches the words of a NOT with nothing to subtract from, and operators alone as words', () => {
    expect(tickets('NOT ping')).toBe('(("ping"*))');
    expect(tickets('AND')).toBe('(("AND"*))');
    expect(tickets('OR NOT')).toBe('(("OR" AND "NOT"*))');
  });

  it('keeps a dash as text: command lines are searched as typed', () => {
    expect(tickets('ping -t')).toBe('(("ping" AND "t"*))');
  });

  it('takes no FTS5 syntax from the user: quotes, brackets, carets, columns, stars alone', () => {
    expect(tickets('"')).toBeNull();
    expect(tickets('* ( ) ^ + : -')).toBeNull();
    expect(tickets('title:spooler')).toBe('(("title" AND "spooler"*))');
    expect(tickets('"unbalanced quote')).toBe('(("unbalanced" AND "quote"*))');
    expect(tickets('^a')).toBe('(("a"*))');
  });

  it('searches at most MAX_WORDS words of a pasted log line', () => {
    const line = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');
    expect(tickets(line)?.match(/"w\d+"/g)).toHaveLength(MAX_WORDS);
  });

  it('gives the searched words, folded, for marking matches (not the excluded ones)', () => {
    expect(searchedWords('Écran NOT ping OR ERROR_ACCESS')).toEqual(['ecran', 'error', 'access']);
  });

  it('any of a list of words, for similar-ticket lookups', () => {
    expect(anyWordQuery('disque dur_SMART')).toBe('"disque" OR "dur" OR "SMART"');
    expect(anyWordQuery(' ')).toBeNull();
  });
});
