/**
 * Bounds the counts of control sequences from a host before xterm sees them. xterm runs some of them once
 * per unit (scroll up/down, insert/delete lines, tab moves: a loop of line splices; repeat: an array the size
 * of the count), so one `ESC [ 999999999 S` from a host froze the page for tens of seconds. A count larger
 * than the screen does nothing more than the screen's size, so each is cut to it.
 *
 * This is a filter over the text in front of `term.write`, not one of xterm's parser hooks: those receive a
 * copy of the parameters, and a hook can only swallow a sequence, not change what xterm does with it.
 * It follows xterm's parser (the VT500 state machine) just far enough to know where a CSI sequence starts
 * and ends, whatever the chunks: `ESC [` (controls between ESC and `[` are executed, the sequence still
 * starts) or the C1 control U+009B; then parameter, intermediate and executed control characters until a
 * final byte, CAN/SUB (cancel), ESC (restart) or any character from U+0080 on (ends it without dispatch).
 * Only parameters and intermediates are held back until the final; C0 controls go out at once.
 */

/** Finals whose every parameter is a count or a position bounded by the screen. */
const ROW_FINALS = new Set(['A', 'B', 'E', 'F', 'L', 'M', 'S', 'T', 'd', 'e']);
const COL_FINALS = new Set(['@', 'C', 'D', 'G', 'I', 'P', 'X', 'Z', '`', 'a', '}', '~']);
/** CUP and HVP: row then column. */
const POSITION_FINALS = new Set(['H', 'f']);
/** REP repeats the preceding character: at most a screenful. */
const REPEAT_FINAL = 'b';
const BOUNDED_FINALS = new Set([...ROW_FINALS, ...COL_FINALS, ...POSITION_FINALS, REPEAT_FINAL]);
/** Longer than any real sequence (xterm keeps 32 parameters of 10 digits); past it the sequence is dropped whole. */
export const MAX_CSI_LENGTH = 512;

export interface ScreenSize {
  cols: number;
  rows: number;
}

const enum State {
  Ground,
  Escape,
  Csi,
  /** An over-long sequence being dropped until it ends. */
  Dropping,
}

const PREFIXES = '<=>?';

/** Rewrites `body` (parameters and intermediates, then the final) with every number above its bound cut. */
function clampSequence(body: string, size: () => ScreenSize): string {
  // Most sequences (colours above all) have no count: they pass without a look at their parameters.
  if (!BOUNDED_FINALS.has(body[body.length - 1] ?? '')) return body;
  const bounds = boundsFor(body, size());
  if (!bounds) return body;
  let field = 0;
  return body.replace(/\d+|;/g, (token) => {
    if (token === ';') {
      field++;
      return token;
    }
    const bound = bounds[Math.min(field, bounds.length - 1)] ?? 1;
    const digits = token.replace(/^0+(?=\d)/, '');
    return digits.length > 9 || Number(digits) > bound ? String(bound) : token;
  });
}

function boundsFor(body: string, { cols, rows }: ScreenSize): number[] | undefined {
  // xterm has no count sequence with a prefix (`CSI ? …`): those are modes and reports, left alone.
  if (PREFIXES.includes(body[0] ?? '')) return undefined;
  const final = body[body.length - 1] ?? '';
  const r = Math.max(1, rows);
  const c = Math.max(1, cols);
  // With intermediates (`SP @`, `SP A`, `' }`, `' ~`) they shift or insert columns.
  if (/[\x20-\x2f]/.test(body.slice(0, -1))) return ROW_FINALS.has(final) || COL_FINALS.has(final) ? [Math.max(r, c)] : undefined;
  if (ROW_FINALS.has(final)) return [r];
  if (COL_FINALS.has(final)) return [c];
  if (POSITION_FINALS.has(final)) return [r, c];
  if (final === REPEAT_FINAL) return [r * c];
  return undefined;
}

/**
 * One guard per terminal, fed every chunk in order: `filter` returns the text to write now. The end of a
 * sequence split across chunks is held back until its final character arrives.
 */
export class CsiGuard {
  private state = State.Ground;
  /** The held part of the current sequence (after its introducer). */
  private held = '';

  constructor(private readonly size: () => ScreenSize) {}

  filter(text: string): string {
    let out = '';
    /** Start of the text neither written out nor held yet. */
    let from = 0;
    let i = 0;
    const n = text.length;
    // Where the next C1 introducer is, searched again only once passed: searching the rest of the text for
    // it at every ESC made coloured output (an ESC every few characters, no C1) quadratic in the chunk.
    let c1 = -2;
    while (i < n) {
      if (this.state === State.Csi && this.held === '') {
        // A whole sequence of parameters and intermediates then its final, in this chunk: taken in one
        // slice. Anything else in it (a control, DEL, a non-ASCII character, the end of the chunk) goes the
        // character-by-character way below, from the same place.
        let end = i;
        while (end < n && end - i <= MAX_CSI_LENGTH) {
          const code = text.charCodeAt(end);
          if (code < 0x20 || code > 0x3f) break;
          end++;
        }
        const final = end < n ? text.charCodeAt(end) : 0;
        if (final >= 0x40 && final <= 0x7e && end - i <= MAX_CSI_LENGTH) {
          out += clampSequence(text.slice(i, end + 1), this.size);
          i = from = end + 1;
          this.state = State.Ground;
          continue;
        }
      }
      if (this.state === State.Ground) {
        if (c1 !== -1 && c1 < i) c1 = text.indexOf('\x9b', i);
        const esc = text.indexOf('\x1b', i);
        const next = esc < 0 ? c1 : c1 < 0 ? esc : Math.min(esc, c1);
        if (next < 0) break;
        i = next + 1;
        if (text.charCodeAt(next) === 0x9b) {
          out += text.slice(from, i);
          from = i;
          this.enter(State.Csi);
        } else this.state = State.Escape;
        continue;
      }
      const code = text.charCodeAt(i);
      if (this.state === State.Escape) {
        i++;
        if (code === 0x5b || code === 0x9b) {
          out += text.slice(from, i);
          from = i;
          this.enter(State.Csi);
        } else if (code !== 0x1b && code !== 0x7f && !isExecuted(code)) {
          // ESC again, executed controls and DEL keep the escape going; anything else ends it.
          this.state = State.Ground;
        }
        continue;
      }
      // In a sequence (held) or dropping one.
      if (code >= 0x80) {
        // Ends the sequence undispatched and is looked at again from the ground: it may be U+009B.
        out += this.release();
        this.state = State.Ground;
        from = i;
        continue;
      }
      i++;
      from = i;
      const char = text[i - 1] as string;
      if (code >= 0x40 && code <= 0x7e) {
        if (this.state === State.Csi) out += clampSequence(this.held + char, this.size);
        this.enter(State.Ground);
      } else if (code === 0x18 || code === 0x1a || code === 0x1b) {
        out += this.release() + char;
        this.state = code === 0x1b ? State.Escape : State.Ground;
      } else if (isExecuted(code)) {
        // Executed where it stands, which changes nothing in the sequence: written now, so that the digits
        // around it, one number to xterm, are one number here too.
        out += char;
      } else if (code === 0x7f) {
        // Ignored by xterm inside a sequence.
      } else if (this.state === State.Csi) {
        this.held += char;
        if (this.held.length > MAX_CSI_LENGTH) this.enter(State.Dropping);
      }
    }
    if (this.state === State.Ground || this.state === State.Escape) out += text.slice(from);
    return out;
  }

  /** True when no escape or control sequence is under way: text without ESC or C1 leaves it so. */
  get idle(): boolean {
    return this.state === State.Ground;
  }

  /** Forgets a half-received sequence (the terminal was reset). */
  reset(): void {
    this.enter(State.Ground);
  }

  private enter(state: State): void {
    this.state = state;
    this.held = '';
  }

  /** What a cancelled sequence had held, unchanged: xterm does not dispatch it. */
  private release(): string {
    const held = this.state === State.Csi ? this.held : '';
    this.held = '';
    return held;
  }
}

/** C0 controls xterm executes without leaving an escape or control sequence. */
function isExecuted(code: number): boolean {
  return (code < 0x18 || code === 0x19 || (code >= 0x1c && code < 0x20));
}
