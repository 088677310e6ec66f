/** Line and column (1-based) of an offset in a text, as the YAML parser counts them. */
export function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

/** The offset of a line and column (1-based), clamped to the text. */
export function offsetOf(text: string, line: number, col = 1): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const end = text.indexOf('\n', offset);
  return Math.min(offset + Math.max(col - 1, 0), end < 0 ? text.length : end);
}

/** Puts the caret at a line of a textarea and scrolls it into view (about a third from the top). */
export function moveCaret(area: HTMLTextAreaElement, line: number, col = 1): void {
  const offset = offsetOf(area.value, line, col);
  area.focus();
  area.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 18;
  area.scrollTop = Math.max(0, (line - 1) * lineHeight - area.clientHeight / 3);
}
