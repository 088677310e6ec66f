import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CastRecorder, SessionRecordings } from '../../../electron/core/ssh/recording';
import { commandsFromCast, parseCast } from '../../../shared/ssh';
import { tempDir } from '../../setup/temp';

const folder = () => tempDir('atelier-rec-');

describe('the session recorder (asciicast v2 file)', () => {
  it('decodes UTF-8 split across chunks, writes no input, marks each command, keeps times monotonic', () => {
    let now = 1000;
    const file = join(folder(), 's.cast');
    const recorder = new CastRecorder({ file, cols: 80, rows: 24, title: 'web-01', term: 'xterm-256color', clock: () => now, startedAt: new Date(1_700_000_000_500) });
    const accent = Buffer.from('é✓', 'utf8'); // 2 + 3 bytes
    recorder.output(Buffer.from('$ '));
    recorder.input('echo s3cret-typed');
    now = 1250;
    recorder.output(Buffer.concat([Buffer.from('echo '), accent.subarray(0, 1)]));
    recorder.output(Buffer.concat([accent.subarray(1, 3)]));
    recorder.output(accent.subarray(3));
    recorder.input('\r');
    now = 900; // a clock going back must not make the file go back
    recorder.output(Buffer.from('\r\né✓\r\n$ '));
    recorder.resize(100, 30);
    const summary = recorder.stop();
    expect(summary).toMatchObject({ truncated: false, commands: 1 });
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('s3cret');
    expect(text).not.toContain('\ufffd');
    const cast = parseCast(text);
    expect(cast.header).toEqual({ version: 2, width: 80, height: 24, timestamp: 1_700_000_000, title: 'web-01', env: { TERM: 'xterm-256color' } });
    expect(cast.events.some((e) => e.code === 'i')).toBe(false);
    expect(cast.events.filter((e) => e.code === 'o').map((e) => e.data).join('')).toBe('$ echo é✓\r\né✓\r\n$ ');
    expect(cast.events.find((e) => e.code === 'r')?.data).toBe('100x30');
    expect(commandsFromCast(cast)).toEqual(['echo é✓']);
    const times = cast.events.map((e) => e.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('stops at the size cap with a note, never past it, while the session goes on', () => {
    const file = join(folder(), 'flood.cast');
    const recorder = new CastRecorder({ file, cols: 80, rows: 24, title: 'box', term: 'xterm', maxBytes: 64 * 1024 });
    const chunk = Buffer.from('y\r\n'.repeat(1000));
    for (let i = 0; i < 200 && !recorder.truncated; i++) recorder.output(chunk);
    expect(recorder.truncated).toBe(true);
    for (let i = 0; i < 50; i++) recorder.output(chunk); // ignored from now on
    const summary = recorder.stop();
    expect(summary.truncated).toBe(true);
    expect(statSync(file).size).toBeLessThanOrEqual(64 * 1024);
    expect(statSync(file).size).toBe(summary.bytes);
    const cast = parseCast(readFileSync(file, 'utf8'));
    expect(cast.events.at(-1)).toMatchObject({ code: 'm', data: 'Recording stopped: the 64 KB limit was reached' });
    expect(commandsFromCast(cast)).toEqual([]);
  });

  it('attaches a recording a crash left behind, without its cut last line, then forgets it', () => {
    const dir = folder();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'abc.json'), JSON.stringify({ ticketId: 'T1', host: 'web-01', startedAt: new Date(2025, 4, 6, 7, 8).toISOString() }));
    writeFileSync(join(dir, 'abc.cast'), '{"version":2,"width":80,"height":24}\n[0.1, "o", "ok"]\n[0.2, "o", "cut sh');
    const attached: { ticketId: string; name: string; mime: string; text: string }[] = [];
    const recordings = new SessionRecordings({
      dir,
      checkTicket: () => undefined,
      attach: (ticketId, name, mime, data) => void attached.push({ ticketId, name, mime, text: data.toString('utf8') }),
    });
    expect(recordings.recover()).toBe(1);
    expect(attached).toHaveLength(1);
    expect(attached[0]).toMatchObject({ ticketId: 'T1', name: 'session-web-01-20250506-0708.cast', mime: 'application/x-asciicast' });
    expect(parseCast(attached[0]?.text ?? '').events.map((e) => e.data)).toEqual(['ok']);
    expect(existsSync(join(dir, 'abc.cast'))).toBe(false);
    expect(existsSync(join(dir, 'abc.json'))).toBe(false);
    expect(recordings.recover()).toBe(0);
  });
});
