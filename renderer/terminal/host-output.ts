import type { Terminal } from '@xterm/xterm';
import { CsiGuard } from './csi-guard';

/** What a host sends, on its way to one xterm. */
export interface HostOutput {
  /** Writes `bytes`; `parsed` runs once xterm has parsed them (the flow control's ack). */
  write(bytes: Uint8Array, parsed?: () => void): void;
}

const ESC = 0x1b;
/**
 * The last byte of every UTF-8 form of U+009B (the C1 introducer), overlong ones included, and of every
 * overlong form of ESC: a chunk without this byte and without ESC cannot start or extend a sequence,
 * whatever xterm's decoder makes of invalid bytes in it.
 */
const C1_CSI_LAST_BYTE = 0x9b;

/** Length of the part of `bytes` that ends on a whole character: a character cut by the end waits for the rest. */
export function wholeCharacters(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= Math.max(0, n - 3); i--) {
    const byte = bytes[i] as number;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte < 0x80) return n;
    const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return n - i >= needs ? n : i;
  }
  return n;
}

/**
 * Whether `bytes` is well-formed UTF-8 (the WHATWG decoder's rules): then xterm's decoder and TextDecoder
 * read the same characters from it. Where it is not, xterm would drop what TextDecoder shows as U+FFFD.
 */
export function wellFormedUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const byte = bytes[i] as number;
    if (byte < 0x80) {
      i++;
      continue;
    }
    let needs: number;
    let low = 0x80;
    let high = 0xbf;
    if (byte >= 0xc2 && byte <= 0xdf) needs = 1;
    else if (byte >= 0xe0 && byte <= 0xef) {
      needs = 2;
      if (byte === 0xe0) low = 0xa0;
      else if (byte === 0xed) high = 0x9f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      needs = 3;
      if (byte === 0xf0) low = 0x90;
      else if (byte === 0xf4) high = 0x8f;
    } else return false;
    if (i + needs >= n) return false;
    const second = bytes[i + 1] as number;
    if (second < low || second > high) return false;
    for (let k = 2; k <= needs; k++) if (((bytes[i + k] as number) & 0xc0) !== 0x80) return false;
    i += needs + 1;
  }
  return true;
}

/**
 * A host's output reaches xterm through the control-sequence guard, which reads characters: an invalid byte
 * is U+FFFD for the guard and for xterm alike (xterm's own decoder drops it, which could join the digits
 * around it into a count the guard never saw). Plain text needs none of that: a well-formed chunk with no
 * escape byte, met while no sequence is under way, goes to xterm as the bytes it is, which is most of a
 * flood (`cat` of a log, a build's output) and spares the page a decode and a string per chunk
 * (docs/performance.md, session 9). Either way a character cut by the chunk's end waits for the next chunk.
 */
export function hostOutput(term: Terminal): HostOutput {
  const decoder = new TextDecoder();
  const guard = new CsiGuard(() => ({ cols: term.cols, rows: term.rows }));
  let cut: Uint8Array | undefined;
  return {
    write(chunk, parsed) {
      const bytes = cut ? join(cut, chunk) : chunk;
      const end = wholeCharacters(bytes);
      cut = end < bytes.length ? bytes.slice(end) : undefined;
      const whole = bytes.subarray(0, end);
      if (guard.idle && whole.indexOf(ESC) < 0 && whole.indexOf(C1_CSI_LAST_BYTE) < 0 && wellFormedUtf8(whole)) term.write(whole, parsed);
      else term.write(guard.filter(decoder.decode(whole)), parsed);
    },
  };
}

function join(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** The same guard for text already decoded (a recording's output events). */
export function guardedText(term: Terminal): (text: string) => void {
  const guard = new CsiGuard(() => ({ cols: term.cols, rows: term.rows }));
  return (text) => term.write(guard.filter(text));
}
