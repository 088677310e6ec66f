import { describe, expect, it } from 'vitest';
import { castEventLine, formatCast, parseCast, playTimes, recordingFileName, type Cast } from '../../../shared/ssh';

const header = '{"version":2,"width":80,"height":24}';

function errorOf(text: string): string {
  try {
    parseCast(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('parseCast accepted a corrupt cast');
}

describe('asciicast v2', () => {
  it('writes what it reads back, byte for byte (escapes, unicode, control characters)', () => {
    const cast: Cast = {
      header: { version: 2, width: 120, height: 40, timestamp: 1_700_000_000, title: 'web-01', env: { TERM: 'xterm-256color' } },
      events: [
        { time: 0.123456, code: 'o', data: '\u001b[1;31mhé ✓ 😀\u001b[0m\r\n' },
        { time: 0.5, code: 'r', data: '100x30' },
        { time: 1.25, code: 'm', data: '$ echo "quoted" \\ back' },
        { time: 2, code: 'o', data: '\u0000\u0007\t' },
      ],
    };
    const text = formatCast(cast);
    expect(text.split('\n')[1]).toBe('[0.123456, "o", "\\u001b[1;31mhé ✓ 😀\\u001b[0m\\r\\n"]');
    expect(parseCast(text)).toEqual(cast);
    expect(formatCast(parseCast(text))).toBe(text);
  });

  it('rounds times to microseconds as asciinema does', () => {
    expect(castEventLine(1 / 3, 'o', 'x')).toBe('[0.333333, "o", "x"]');
  });

  it('accepts CRLF line ends, blank lines and unknown event codes (skipped)', () => {
    const cast = parseCast(`${header}\r\n[0.1, "o", "a"]\r\n\r\n[0.2, "z", "0"]\r\n[0.3, "i", "b"]\r\n`);
    expect(cast.events.map((e) => e.code)).toEqual(['o', 'i']);
    expect(cast.notes).toBeUndefined();
  });

  it.each([
    ['', 'asciicast line 1: the file is empty (no header)'],
    ['not json\n', 'asciicast line 1: the header is not JSON'],
    ['[1,2]\n', 'asciicast line 1: the header must be a JSON object'],
    ['{"version":4,"width":80,"height":24}\n', 'asciicast line 1: version must be 1, 2 or 3 (found 4)'],
    ['{"version":2,"height":24}\n', 'asciicast line 1: width must be a whole number of columns'],
    ['{"version":2,"width":80,"height":0}\n', 'asciicast line 1: height must be a whole number of rows'],
    ['{"version":2,"width":80,"height":24,"timestamp":"yesterday"}\n', 'asciicast line 1: timestamp must be a number of seconds'],
    ['{"version":3,"width":80,"height":24}\n', 'asciicast line 1: a v3 header has a "term" object with cols and rows'],
    ['{"version":1,"width":80,"height":24}\n', 'asciicast line 1: a v1 recording has its output in a "stdout" list'],
    ['{\n  "version": 1,\n  "width": 80,\n  "stdout": [[0.1, "a"]\n', 'asciicast line 5: a v1 recording is one JSON object, and this one is damaged or cut short'],
  ])('refuses a cast whose header is broken, with the line and what is wrong: %j', (text, message) => {
    expect(errorOf(text)).toContain(message);
  });

  it.each([
    [`${header}\n[0.1, "o", "a"]\n[0.2, "o", "b"\n`, { line: 3, problem: 'cut_short' }],
    [`${header}\n[0.1, "o", "a"]\n[0.2, "o", "b"\n[0.3, "o", "c"]\n`, { line: 3, problem: 'not_json' }],
    [`${header}\n[0.1, "o"]\n`, { line: 2, problem: 'not_event' }],
    [`${header}\n[0.5, "o", "a"]\n[0.6, "o", "b"]\n[0.4, "o", "c"]\n`, { line: 4, problem: 'backwards', detail: '0.4 < 0.6' }],
    [`${header}\n["0.1", "o", "a"]\n`, { line: 2, problem: 'bad_time' }],
    [`${header}\n[0.1, "o", 42]\n`, { line: 2, problem: 'not_text' }],
    [`${header}\n[0.1, "r", "wide"]\n`, { line: 2, problem: 'bad_resize', detail: 'wide' }],
  ])('skips a bad event and notes its line and why, keeping the rest: %j', (text, note) => {
    const cast = parseCast(text);
    expect(cast.notes).toEqual([note]);
    expect(cast.events.every((e) => e.data !== '' && e.code !== undefined)).toBe(true);
    expect(cast.events.length).toBe(text.split('\n').filter((l) => l.startsWith('[')).length - 1);
  });

  it('lists the first 50 bad events and counts the rest', () => {
    const cast = parseCast(`${header}\n${'[0.1, "r", "bad"]\n'.repeat(120)}[0.2, "o", "ok"]\n`);
    expect(cast.notes).toHaveLength(50);
    expect(cast.skipped).toBe(120);
    expect(cast.events.map((e) => e.data)).toEqual(['ok']);
  });

  it('shortens long pauses to the idle cap when playing', () => {
    const { events } = parseCast(`${header}\n[1, "o", "a"]\n[1.5, "o", "b"]\n[301.5, "o", "c"]\n[302, "o", "d"]\n`);
    const { times, duration } = playTimes(events, 2);
    expect(times).toEqual([1, 1.5, 3.5, 4]);
    expect(duration).toBe(4);
  });

  it('names a recording after its host and local start time', () => {
    expect(recordingFileName('web-01', new Date(2025, 0, 7, 9, 5))).toBe('session-web-01-20250107-0905.cast');
  });
});
