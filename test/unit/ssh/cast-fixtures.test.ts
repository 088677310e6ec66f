import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandsFromCast, isCastFile, parseCast, type Cast } from '../../../shared/ssh';

const dir = new URL('../../fixtures/asciicast/', import.meta.url);
const read = (name: string) => parseCast(readFileSync(new URL(name, dir), 'utf8'));
const files = readdirSync(dir).filter((f) => /\.(cast|json)$/.test(f));

/** What each real recording holds, read by hand from the file. Times are seconds since the start. */
const EXPECTED: Record<string, { format?: 1 | 3; size: [number, number]; events: number; last: number; text?: string; exit?: number; notes?: Cast['notes'] }> = {
  'asciinema-demo.json': { format: 1, size: [80, 40], events: 25, last: 6.456541, text: 'exit' },
  'asciinema-full-v1.json': { format: 1, size: [100, 50], events: 3, last: 10.500001, text: 'żółć\r\n' },
  'asciinema-minimal-v1.json': { format: 1, size: [100, 50], events: 1, last: 1.23, text: 'hello' },
  'asciinema-nulls-v1.json': { format: 1, size: [100, 50], events: 1, last: 1.23, text: 'hello' },
  'asciinema-demo.cast': { size: [75, 18], events: 39, last: 11.89348 },
  'asciinema-full-v2.cast': { size: [100, 50], events: 5, last: 10.5, text: 'żółć\r\n' },
  'asciinema-minimal-v2.cast': { size: [100, 50], events: 1, last: 1.23, text: 'hello' },
  'asciinema-nulls-v2.cast': { size: [100, 50], events: 1, last: 1.23, text: 'hello' },
  'asciinema-full-v3.cast': { format: 3, size: [100, 50], events: 5, last: 13.400002, text: 'żółć\r\n' },
  'asciinema-minimal-v3.cast': { format: 3, size: [100, 50], events: 1, last: 1.23, text: 'hello' },
  'player-resizing.cast': { format: 3, size: [80, 24], events: 5, last: 2.1, text: 'hello world!', exit: 0 },
  'player-theme.cast': { format: 3, size: [80, 4], events: 65, last: 0, exit: 0 },
  'player-markers.cast': { size: [80, 24], events: 6, last: 2, text: 'start\r\nmiddle\r\nend\r\ndone\r\n' },
  'player-input.cast': { size: [80, 24], events: 4, last: 0.6, text: 'start\r\ndone\r\n' },
  'docs-v3-example.cast': { format: 3, size: [80, 24], events: 6, last: 8.483, exit: 0 },
  'derived-v2-bad-resize.cast': { size: [80, 24], events: 6, last: 2, text: 'start\r\nmiddle\r\nend\r\ndone\r\n', notes: [{ line: 4, problem: 'bad_resize', detail: '0x0' }] },
};

describe('real asciicast recordings (test/fixtures/asciicast)', () => {
  it('has an expectation for every recording in the folder', () => {
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(files)('%s reads with its size, every event, its times and its output', (name) => {
    const want = EXPECTED[name];
    if (!want) throw new Error(`no expectation for ${name}`);
    const cast = read(name);
    expect(cast.format).toBe(want.format);
    expect([cast.header.width, cast.header.height]).toEqual(want.size);
    expect(cast.events).toHaveLength(want.events);
    expect(cast.events.at(-1)?.time).toBeCloseTo(want.last, 6);
    // Times never go back, whatever the version stored (absolute or intervals).
    expect(cast.events.every((e, i) => i === 0 || e.time >= (cast.events[i - 1]?.time ?? 0))).toBe(true);
    if (want.text !== undefined) {
      const out = cast.events.filter((e) => e.code === 'o').map((e) => e.data).join('');
      expect(want.text === 'exit' ? out.endsWith('exit\r\n') : out).toBe(want.text === 'exit' ? true : want.text);
    }
    expect(cast.exitStatus).toBe(want.exit);
    expect(cast.notes).toEqual(want.notes);
  });

  it('reads v3 intervals as times since the start, comments skipped, the resize and marker kept', () => {
    const cast = read('docs-v3-example.cast');
    expect(cast.events.map((e) => [e.time, e.code])).toEqual([[0.248, 'o'], [1.249, 'o'], [4.749, 'm'], [4.892, 'o'], [6.942, 'r'], [8.483, 'o']]);
    expect(cast.header).toMatchObject({ title: 'Demo', timestamp: 1504467315, env: { SHELL: '/bin/zsh' } });
  });

  it('keeps v2 as it is written: markers feed the command list as for a recording Atelier made', () => {
    const cast = read('player-markers.cast');
    expect(cast.events.filter((e) => e.code === 'm').map((e) => e.data)).toEqual(['first', 'second']);
    expect(commandsFromCast(cast)).toEqual([]);
  });
});

describe('isCastFile', () => {
  it('offers replay for every recording of the folder attached by name, and not for other JSON', () => {
    for (const name of files) expect(isCastFile(name, readFileSync(new URL(name, dir), 'utf8').slice(0, 4096)), name).toBe(true);
    expect(isCastFile('inventory.json', readFileSync(new URL('../glpi-inventory/printer_1.json', dir), 'utf8'))).toBe(false);
    expect(isCastFile('notes.txt', '{"version": 1, "stdout": []}')).toBe(false);
  });
});
