import { Terminal } from '@xterm/xterm';
import { describe, expect, it } from 'vitest';
import { hostOutput, wellFormedUtf8, wholeCharacters } from '../../../renderer/terminal/host-output';

// A real xterm (its parser and buffer run in Node; only drawing needs a page), fed as the page feeds it.
const COLS = 40;
const ROWS = 6;
const encode = (text: string) => new TextEncoder().encode(text);
const HUGE = '999999999';

function terminal(): Terminal {
  return new Terminal({ cols: COLS, rows: ROWS, scrollback: 100, allowProposedApi: true });
}

/** Writes `chunks` in order through one host output and resolves once xterm has parsed them all. */
async function feed(term: Terminal, chunks: Uint8Array[]): Promise<void> {
  const output = hostOutput(term);
  let parsed = 0;
  await new Promise<void>((resolve) => {
    for (const chunk of chunks) output.write(chunk, () => ++parsed === chunks.length && resolve());
  });
}

function screen(term: Terminal): string[] {
  const buffer = term.buffer.active;
  const lines: string[] = [];
  for (let row = 0; row < buffer.length; row++) lines.push(buffer.getLine(row)?.translateToString(true) ?? '');
  return lines.join('\n').trimEnd().split('\n');
}

/** `bytes` cut at `a` and `b`. */
const cutAt = (bytes: Uint8Array, a: number, b: number) => [bytes.slice(0, a), bytes.slice(a, b), bytes.slice(b)];

describe('hostOutput: what a host sends reaches the screen, however it is cut into chunks', () => {
  it('finds where the last whole character ends', () => {
    expect(wholeCharacters(encode('abc'))).toBe(3);
    expect(wholeCharacters(encode('aé'))).toBe(3);
    expect(wholeCharacters(encode('aé').slice(0, 2))).toBe(1);
    expect(wholeCharacters(encode('a€').slice(0, 3))).toBe(1);
    expect(wholeCharacters(encode('a🙂').slice(0, 4))).toBe(1);
    expect(wholeCharacters(encode('a🙂'))).toBe(5);
    // Continuation bytes with no start, and a start cut short by ASCII: invalid, taken whole (U+FFFD).
    expect(wholeCharacters(new Uint8Array([0x61, 0x80, 0x80]))).toBe(3);
    expect(wholeCharacters(new Uint8Array([0xe2, 0x41]))).toBe(2);
    expect(wholeCharacters(new Uint8Array([]))).toBe(0);
  });

  it('tells well-formed UTF-8 from what xterm and TextDecoder would read apart', () => {
    const bytes = (...b: number[]) => new Uint8Array(b);
    expect(wellFormedUtf8(encode('plain, é, €, 🙂, 漢字, \u{10FFFF}'))).toBe(true);
    expect(wellFormedUtf8(bytes())).toBe(true);
    expect(wellFormedUtf8(bytes(0xff))).toBe(false);
    expect(wellFormedUtf8(bytes(0x80))).toBe(false); // continuation with no start
    expect(wellFormedUtf8(bytes(0xc3))).toBe(false); // cut short
    expect(wellFormedUtf8(bytes(0xc3, 0x41))).toBe(false);
    expect(wellFormedUtf8(bytes(0xc0, 0x9b))).toBe(false); // overlong ESC
    expect(wellFormedUtf8(bytes(0xe0, 0x82, 0x9b))).toBe(false); // overlong U+009B
    expect(wellFormedUtf8(bytes(0xed, 0xa0, 0x80))).toBe(false); // surrogate
    expect(wellFormedUtf8(bytes(0xf4, 0x90, 0x80, 0x80))).toBe(false); // above U+10FFFF
    expect(wellFormedUtf8(bytes(0xf0, 0x9f, 0x99))).toBe(false);
    expect(wellFormedUtf8(bytes(0xe2, 0x82, 0xac))).toBe(true);
  });

  it('text with accents, emoji and colours is drawn the same at every pair of cuts', async () => {
    const text = 'é€🙂 plain\x1b[31mré\x1b[0m done 漢字';
    const bytes = encode(text);
    const expected = screen(await (async () => {
      const term = terminal();
      await new Promise<void>((resolve) => term.write(text, resolve));
      return term;
    })());
    expect(expected[0]).toBe('é€🙂 plainré done 漢字');
    for (let a = 0; a <= bytes.length; a++) {
      for (let b = a; b <= bytes.length; b += 3) {
        const term = terminal();
        await feed(term, cutAt(bytes, a, b));
        expect(screen(term), `cut at ${a} and ${b}`).toEqual(expected);
        term.dispose();
      }
    }
  });

  it('an invalid byte is drawn as U+FFFD and never joins the digits around it into a count', async () => {
    const term = terminal();
    // xterm's own decoder would drop 0xff and read ESC [ 99 then 9999999 as one count.
    await feed(term, [new Uint8Array([0x41, 0xff, 0x42]), encode('\r\n\x1b[99'), new Uint8Array([0xff]), encode(`${HUGE}S`)]);
    expect(screen(term)[0]).toBe('A\uFFFDB');
  });
});

describe('hostOutput: huge counts are bounded whatever the chunks (the page must keep answering)', () => {
  // Each would loop about a billion times in xterm unbounded (tens of seconds); bounded, they take
  // milliseconds. The limit leaves a busy 2-core machine a wide margin.
  const LIMIT_MS = 3_000;
  const hostile: Array<[string, Uint8Array]> = [
    ['ESC [ n S', encode(`\x1b[${HUGE}S`)],
    ['ESC [ n L', encode(`\x1b[${HUGE}L`)],
    ['ESC [ n b', encode(`x\x1b[${HUGE}b`)],
    ['C1 CSI n T', encode(`\u009b${HUGE}T`)],
    ['ESC <LF> [ n S', encode(`\x1b\n[${HUGE}S`)],
  ];
  for (const [name, sequence] of hostile) {
    it(`${name}, after plain text and cut at every byte`, async () => {
      const started = performance.now();
      const plain = encode('plain output with no escape at all\r\n');
      for (let at = 0; at <= sequence.length; at++) {
        const term = terminal();
        await feed(term, [plain, sequence.slice(0, at), sequence.slice(at), plain]);
        term.dispose();
      }
      expect(performance.now() - started).toBeLessThan(LIMIT_MS);
    });
  }
});
