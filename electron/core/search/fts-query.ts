/**
 * The one rule for turning what a technician types into an FTS5 query, for the ticket queue and the
 * knowledge base alike. Technicians search error codes (`ERROR_ACCESS_DENIED`, `0x80070005`), KB numbers,
 * paths (`C:\Windows\Logs`, `/var/log`), file names (`setup_x64.exe`) and command lines (`ping -t`): the
 * text is searched literally, word for word, as the index's tokenizer (unicode61) cuts it into words.
 *
 * - Every word is required; the last one is also a prefix (search as you type), as is a word ending in `*`.
 * - Words typed glued together (`ERROR_ACCESS_DENIED`, `C:\Windows\Logs`, `setup_x64.exe`) or between
 *   quotes form a run. Where the index keeps word positions (the knowledge base) a run is a phrase, its
 *   words side by side in that order; where it does not (the ticket index, `detail=column`, for size and
 *   speed: FTS5 refuses phrases there) a run's words are each required.
 * - `OR` between words gives alternatives, `NOT` before a word excludes it, `AND` and `NEAR` change nothing
 *   (the words are required anyway), all in capitals as in FTS5. A query made of operators only searches
 *   them as words. A `-` is part of the text (`ping -t`, `-5`): it is not an exclusion.
 * - Nothing else of FTS5's syntax comes from the user: every word is quoted, brackets, `^`, `+` and `:`
 *   separate words like any punctuation.
 */

/**
 * A character unicode61 keeps inside a word: letters, digits, private-use characters. Node's Unicode is
 * newer than SQLite's tables: these few were combining marks (word separators to SQLite) and are letters
 * now. A test sweeps every code point against the real tokenizer so that a word here is one word there.
 */
const WORD_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const WORD_SEPARATORS_FOR_SQLITE = /[\u19b0-\u19c0\u19c8\u19c9\u1cf2\u1cf3]/u;

function isWordChar(ch: string): boolean {
  return WORD_CHAR.test(ch) && !WORD_SEPARATORS_FOR_SQLITE.test(ch);
}

/** The words of a text as the index cuts them (composed accents first, as most keyboards type them). */
export function words(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const ch of text.normalize('NFC')) {
    if (isWordChar(ch)) current += ch;
    else if (current) {
      out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/** Where each word is in a text (for marking matches), cut as `words` cuts them. */
export function wordSpans(text: string): { word: string; index: number }[] {
  const out: { word: string; index: number }[] = [];
  let start = -1;
  let i = 0;
  for (const ch of text) {
    const inWord = isWordChar(ch);
    if (inWord && start < 0) start = i;
    if (!inWord && start >= 0) {
      out.push({ word: text.slice(start, i), index: start });
      start = -1;
    }
    i += ch.length;
  }
  if (start >= 0) out.push({ word: text.slice(start), index: start });
  return out;
}

/** Lower case without accents, as unicode61 with remove_diacritics compares words. */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** A pasted log line must not become a query that walks the index a hundred times. */
export const MAX_WORDS = 16;

interface Run {
  words: string[];
  prefix: boolean;
  negated: boolean;
}

type Token = { op: 'AND' | 'OR' | 'NOT' | 'NEAR' } | { run: Run };

const OPERATOR = /^(AND|OR|NOT|NEAR)$/;

/** The user's text as runs and operators: quoted spans and whitespace-separated chunks. */
function tokens(text: string, operators: boolean): Token[] {
  const out: Token[] = [];
  const push = (chunk: string, quoted: boolean) => {
    // Brackets mean nothing here (no grouping from user text); `NEAR(a b)` is read as `NEAR a b`.
    for (const part of quoted ? [chunk] : chunk.split(/[()]+/)) {
      if (!quoted && operators && OPERATOR.test(part)) {
        out.push({ op: part as 'AND' | 'OR' | 'NOT' | 'NEAR' });
        continue;
      }
      const found = words(part);
      if (found.length > 0) out.push({ run: { words: found, prefix: !quoted && part.trimEnd().endsWith('*'), negated: false } });
    }
  };
  // An unbalanced quote runs to the end of the text.
  text.split('"').forEach((piece, i) => {
    if (i % 2 === 1) push(piece, true);
    else for (const chunk of piece.split(/\s+/)) push(chunk, false);
  });
  return out;
}

/** Alternatives (`OR`), each a list of runs, some excluded (`NOT`). */
function parse(text: string, operators: boolean): Run[][] {
  const groups: Run[][] = [[]];
  let negate = false;
  let budget = MAX_WORDS;
  for (const token of tokens(text, operators)) {
    if ('op' in token) {
      if (token.op === 'OR' && (groups.at(-1)?.length ?? 0) > 0) groups.push([]);
      negate = token.op === 'NOT';
      continue;
    }
    if (budget <= 0) break;
    const run = { ...token.run, words: token.run.words.slice(0, budget), negated: negate };
    budget -= run.words.length;
    groups.at(-1)?.push(run);
    negate = false;
  }
  const kept = groups.filter((group) => group.length > 0);
  for (const group of kept) {
    // A NOT with nothing to subtract from searches its words.
    if (group.every((run) => run.negated)) for (const run of group) run.negated = false;
  }
  const last = kept.at(-1)?.filter((run) => !run.negated).at(-1);
  if (last) last.prefix = true;
  return kept;
}

function quote(word: string): string {
  return `"${word.replaceAll('"', '""')}"`;
}

function runQuery(run: Run, positions: boolean): string {
  const star = run.prefix ? '*' : '';
  if (positions || run.words.length === 1) return `${quote(run.words.join(' '))}${star}`;
  return run.words.map((word, i) => `${quote(word)}${i === run.words.length - 1 ? star : ''}`).join(' AND ');
}

function groupQuery(group: Run[], positions: boolean): string {
  const wanted = group.filter((run) => !run.negated).map((run) => runQuery(run, positions));
  const excluded = group.filter((run) => run.negated).map((run) => `(${runQuery(run, positions)})`);
  const all = `(${wanted.join(' AND ')})`;
  return excluded.length > 0 ? `${all} NOT (${excluded.join(' OR ')})` : all;
}

function parsed(text: string): Run[][] {
  const groups = parse(text, true);
  return groups.length > 0 ? groups : parse(text, false);
}

export interface SearchOptions {
  /** The index keeps word positions (FTS5 `detail=full`): runs become phrases. */
  positions: boolean;
}

/** The FTS5 MATCH expression for what the user typed, or null when it holds no word to search. */
export function searchQuery(text: string, options: SearchOptions): string | null {
  const groups = parsed(text);
  if (groups.length === 0) return null;
  return groups.map((group) => `(${groupQuery(group, options.positions)})`).join(' OR ');
}

/** The searched words (not the excluded ones), folded, for marking matches in a passage. */
export function searchedWords(text: string): string[] {
  return parsed(text).flatMap((group) => group.filter((run) => !run.negated).flatMap((run) => run.words.map(fold)));
}

/** Any of these words (for "similar" lookups), or null when there is none. */
export function anyWordQuery(text: string): string | null {
  const found = words(text).slice(0, MAX_WORDS);
  return found.length > 0 ? found.map(quote).join(' OR ') : null;
}
