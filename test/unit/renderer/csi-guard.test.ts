import { describe, expect, it } from 'vitest';
import { CsiGuard, MAX_CSI_LENGTH } from '../../../renderer/terminal/csi-guard';

/** CPU time the process spent in `work` (ms): unlike wall time, it does not grow with other processes' load. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const spent = process.cpuUsage(before);
  return (spent.user + spent.system) / 1000;
}

const SIZE = { cols: 80, rows: 24 };
const ESC = '\x1b';
const CSI = `${ESC}[`;
const C1_CSI = '\x9b';
const HUGE = '999999999';

function guard(size = SIZE): CsiGuard {
  return new CsiGuard(() => size);
}

function once(text: string, size = SIZE): string {
  return guard(size).filter(text);
}

/** Feeds `chunks` in order through one guard, as a stream of output does. */
function streamed(chunks: string[], size = SIZE): string {
  const g = guard(size);
  return chunks.map((chunk) => g.filter(chunk)).join('');
}

// Every sequence xterm runs with a count or a position, and the bound each gets on an 80x24 screen.
const COUNTS: Array<[name: string, final: string, bound: number]> = [
  ['SU scroll up', 'S', 24],
  ['SD scroll down', 'T', 24],
  ['IL insert lines', 'L', 24],
  ['DL delete lines', 'M', 24],
  ['CUU cursor up', 'A', 24],
  ['CUD cursor down', 'B', 24],
  ['CNL next line', 'E', 24],
  ['CPL preceding line', 'F', 24],
  ['VPA line absolute', 'd', 24],
  ['VPR line relative', 'e', 24],
  ['ICH insert chars', '@', 80],
  ['DCH delete chars', 'P', 80],
  ['ECH erase chars', 'X', 80],
  ['CUF cursor forward', 'C', 80],
  ['CUB cursor back', 'D', 80],
  ['CHA column absolute', 'G', 80],
  ['HPA column absolute', '`', 80],
  ['HPR column relative', 'a', 80],
  ['CHT forward tab', 'I', 80],
  ['CBT backward tab', 'Z', 80],
  ['REP repeat', 'b', 80 * 24],
];

describe('CsiGuard: counts of control sequences bounded by the screen', () => {
  for (const [name, final, bound] of COUNTS) {
    it(`${name} (CSI n ${final}) is cut to ${bound}, with ESC [ and with the C1 introducer`, () => {
      expect(once(`a${CSI}${HUGE}${final}b`)).toBe(`a${CSI}${bound}${final}b`);
      expect(once(`${C1_CSI}${HUGE}${final}`)).toBe(`${C1_CSI}${bound}${final}`);
      // Counts within the screen are left as they are.
      expect(once(`${CSI}3${final}`)).toBe(`${CSI}3${final}`);
      expect(once(`${CSI}${final}`)).toBe(`${CSI}${final}`);
    });
  }

  it('CUP and HVP bound the row by the rows and the column by the columns', () => {
    expect(once(`${CSI}${HUGE};${HUGE}H`)).toBe(`${CSI}24;80H`);
    expect(once(`${CSI}5;${HUGE}f`)).toBe(`${CSI}5;80f`);
    expect(once(`${CSI}${HUGE}H`)).toBe(`${CSI}24H`);
  });

  it('sequences with intermediates (scroll left/right, insert/delete columns) are bounded by the wider side', () => {
    expect(once(`${CSI}${HUGE} @`)).toBe(`${CSI}80 @`);
    expect(once(`${CSI}50 A`)).toBe(`${CSI}50 A`);
    expect(once(`${CSI}${HUGE}'}`)).toBe(`${CSI}80'}`);
    expect(once(`${CSI}${HUGE}'~`)).toBe(`${CSI}80'~`);
  });

  it('numbers longer than any integer, extra parameters and sub-parameters are bounded too', () => {
    expect(once(`${CSI}${'9'.repeat(400)}S`)).toBe(`${CSI}24S`);
    expect(once(`${CSI}${HUGE};${HUGE}S`)).toBe(`${CSI}24;24S`);
    expect(once(`${CSI}${HUGE}:${HUGE}L`)).toBe(`${CSI}24:24L`);
  });

  it('leading zeros are read as the number they write', () => {
    expect(once(`${CSI}${'0'.repeat(30)}5S`)).toBe(`${CSI}${'0'.repeat(30)}5S`);
    expect(once(`${CSI}0S`)).toBe(`${CSI}0S`);
  });

  it('the bound follows the screen as it is when the chunk is filtered', () => {
    const size = { cols: 80, rows: 24 };
    const g = guard(size);
    expect(g.filter(`${CSI}${HUGE}S`)).toBe(`${CSI}24S`);
    size.rows = 60;
    size.cols = 200;
    expect(g.filter(`${CSI}${HUGE}S${CSI}${HUGE}b`)).toBe(`${CSI}60S${CSI}12000b`);
  });

  it('leaves every other sequence and all text byte for byte', () => {
    const text = [
      'plain text, accents: é à ü, emoji 🙂, CJK 漢字',
      `${CSI}38;2;255;128;0m${CSI}0m${CSI}?1049h${CSI}?2004l${CSI}?9001h`,
      `${CSI}1;999999999r`, // scroll region: xterm bounds it itself, no loop
      `${CSI}>0;1c${CSI}6n${CSI}${HUGE}J${CSI}2K`,
      `${CSI}?${HUGE}S`, // a prefix: xterm has no count sequence with one
      `${ESC}]0;title with [brackets] ${CSI.slice(1)}${ESC}\\`,
      `${ESC}]8;;https://example.com/a[1]${ESC}\\link${ESC}]8;;${ESC}\\`,
      `${ESC}(B${ESC}7${ESC}8${ESC}M`,
    ].join('\r\n');
    expect(once(text)).toBe(text);
  });

  it('C0 controls inside a sequence stay in place, and ESC <control> [ still starts one, as in xterm', () => {
    // xterm reads 99<LF>9999999 as one number: so does the guard.
    expect(once(`${CSI}99\n9999999S`)).toBe(`${CSI}\n24S`);
    expect(once(`${CSI}9\x7f99999999S`)).toBe(`${CSI}24S`);
    expect(once(`${CSI}\r${HUGE}S`)).toBe(`${CSI}\r24S`);
    expect(once(`${ESC}\n[${HUGE}S`)).toBe(`${ESC}\n[24S`);
    expect(once(`${ESC}${ESC}[${HUGE}S`)).toBe(`${ESC}${ESC}[24S`);
  });

  it('a cancelled or interrupted sequence passes as it is, and what follows is read afresh', () => {
    expect(once(`${CSI}${HUGE}\x18S`)).toBe(`${CSI}${HUGE}\x18S`);
    expect(once(`${CSI}${HUGE}\x1aS`)).toBe(`${CSI}${HUGE}\x1aS`);
    expect(once(`${CSI}${HUGE}${CSI}${HUGE}S`)).toBe(`${CSI}${HUGE}${CSI}24S`);
    // From U+0080 on, a character ends the sequence undispatched; U+009B starts a new one.
    expect(once(`${CSI}${HUGE}é${HUGE}S`)).toBe(`${CSI}${HUGE}é${HUGE}S`);
    expect(once(`${CSI}${HUGE}${C1_CSI}${HUGE}S`)).toBe(`${CSI}${HUGE}${C1_CSI}24S`);
  });

  it('drops a sequence longer than any real one whole, and carries on after it', () => {
    const long = `${CSI}${'1;'.repeat(MAX_CSI_LENGTH)}S`;
    expect(once(`a${long}b${CSI}${HUGE}T`)).toBe(`a${CSI}b${CSI}24T`);
  });

  it('gives the same output however the stream is cut into chunks', () => {
    const text = [
      `before${CSI}${HUGE}S`,
      `${C1_CSI}${HUGE};${HUGE}H`,
      `${ESC}\n[${HUGE}L`,
      `${CSI}38;5;196mred${CSI}0m`,
      `${CSI}${HUGE}\x18S`,
      `${ESC}]0;t${ESC}\\`,
      `é${CSI}12b${CSI}${HUGE}b`,
      `${CSI}${'9'.repeat(40)}M after`,
    ].join('');
    const whole = once(text);
    expect(whole).toBe(
      [
        `before${CSI}24S`,
        `${C1_CSI}24;80H`,
        `${ESC}\n[24L`,
        `${CSI}38;5;196mred${CSI}0m`,
        `${CSI}${HUGE}\x18S`,
        `${ESC}]0;t${ESC}\\`,
        `é${CSI}12b${CSI}1920b`,
        `${CSI}24M after`,
      ].join(''),
    );
    for (let cut = 0; cut <= text.length; cut++) {
      expect(streamed([text.slice(0, cut), text.slice(cut)])).toBe(whole);
    }
    for (let a = 0; a < text.length; a += 3) {
      for (let b = a; b <= text.length; b += 5) expect(streamed([text.slice(0, a), text.slice(a, b), text.slice(b)])).toBe(whole);
    }
    expect(streamed([...text])).toBe(whole);
  });

  it('reset forgets a half-received sequence', () => {
    const g = guard();
    expect(g.filter(`${CSI}${HUGE}`)).toBe(CSI);
    g.reset();
    expect(g.filter('S')).toBe('S');
  });

  it('filters a large chunk of plain text quickly (it runs in front of every write)', () => {
    const text = 'x'.repeat(4 * 1024 * 1024);
    // The scan is an indexOf over the chunk: a few ms of CPU.
    expect(cpuMs(() => expect(once(text)).toBe(text))).toBeLessThan(500);
  });

  it('filters coloured output (an escape every few characters) in time linear in the chunk', () => {
    // `ls --color`, a compiler's or a log's colours: an SGR sequence every dozen characters, no C1 at all.
    const line = `${CSI}01;34mdir${CSI}0m  ${CSI}01;32mrun.sh${CSI}0m  ${CSI}38;5;208mnotes.txt${CSI}0m\r\n`;
    const text = line.repeat(Math.ceil((512 * 1024) / line.length));
    // 512 KiB takes a few ms; searching the rest of the chunk for a C1 introducer at every ESC took seconds.
    expect(cpuMs(() => expect(once(text)).toBe(text))).toBeLessThan(500);
  });
});
