import type { Terminal } from '@xterm/xterm';

export interface FindMatch {
  row: number;
  col: number;
  length: number;
}

/**
 * Finds `query` (case-insensitive) in the scrollback, starting after `from` (or before it going back), and
 * wrapping around. Lines are searched one by one: a match split across a soft-wrapped line is not found.
 */
export function findInBuffer(term: Terminal, query: string, from: FindMatch | undefined, backwards = false): FindMatch | undefined {
  if (query === '') return undefined;
  const buffer = term.buffer.active;
  const needle = query.toLowerCase();
  const total = buffer.length;
  const lineText = (row: number) => buffer.getLine(row)?.translateToString(true).toLowerCase() ?? '';
  const startRow = from ? from.row : backwards ? total - 1 : 0;
  for (let step = 0; step <= total; step++) {
    const row = (((backwards ? startRow - step : startRow + step) % total) + total) % total;
    const text = lineText(row);
    let col: number;
    if (step === 0 && from) {
      col = backwards ? (from.col > 0 ? text.lastIndexOf(needle, from.col - 1) : -1) : text.indexOf(needle, from.col + 1);
    } else {
      col = backwards ? text.lastIndexOf(needle) : text.indexOf(needle);
    }
    if (col >= 0) return { row, col, length: query.length };
  }
  return undefined;
}

export function showMatch(term: Terminal, match: FindMatch): void {
  term.select(match.col, match.row, match.length);
  term.scrollToLine(Math.max(0, match.row - Math.floor(term.rows / 2)));
}
