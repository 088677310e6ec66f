import { describe, expect, it } from 'vitest';
import { freeLocalPath } from '../../../electron/core/ssh/remote-wiring';
import { logFileName, logSources } from '../../../electron/core/ssh/remote-logs';
import type { SftpEntry } from '../../../shared/contract';
import { LOG_PRESETS, logPresetsFor } from '../../../shared/remote/logs';
import { baseName, folderNameProblem, formatBytes, joinRemote, parentRemote, sortEntries } from '../../../shared/remote/paths';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const entry = (name: string, type: SftpEntry['type'], size: number, modifiedAt: string): SftpEntry => ({ name, type, size, modifiedAt, mode: 0o644 });

describe('remote paths', () => {
  it('joins and goes up like a shell would', () => {
    expect(joinRemote('/srv/a', 'x.txt')).toBe('/srv/a/x.txt');
    expect(joinRemote('/', 'etc')).toBe('/etc');
    expect(parentRemote('/srv/a/')).toBe('/srv');
    expect(parentRemote('/srv')).toBe('/');
    expect(parentRemote('/')).toBe('/');
    expect(parentRemote('/C:/Users')).toBe('/C:');
    expect(baseName('/var/log/syslog')).toBe('syslog');
    expect(baseName('C:\\Temp\\setup.exe')).toBe('setup.exe');
  });

  it('sorts folders first whatever the column, numbers in names naturally', () => {
    const list = [entry('b.log', 'file', 10, '2026-01-02'), entry('zeta', 'directory', 4096, '2026-01-01'), entry('a10.log', 'file', 300, '2026-01-03'), entry('a9.log', 'file', 5, '2026-01-04'), entry('alpha', 'directory', 4096, '2026-01-05')];
    expect(sortEntries(list, { key: 'name', dir: 'asc' }).map((e) => e.name)).toEqual(['alpha', 'zeta', 'a9.log', 'a10.log', 'b.log']);
    expect(sortEntries(list, { key: 'size', dir: 'desc' }).map((e) => e.name)).toEqual(['alpha', 'zeta', 'a10.log', 'b.log', 'a9.log']);
    expect(sortEntries(list, { key: 'modified', dir: 'desc' }).map((e) => e.name)).toEqual(['alpha', 'zeta', 'a9.log', 'a10.log', 'b.log']);
  });

  it('refuses folder names a server would refuse, saying why', () => {
    expect(folderNameProblem('  ', [])).toBe('empty');
    expect(folderNameProblem('a/b', [])).toBe('slash');
    expect(folderNameProblem('..', [])).toBe('dots');
    expect(folderNameProblem('é'.repeat(128), [])).toBe('tooLong');
    expect(folderNameProblem('é'.repeat(127), [])).toBeUndefined();
    expect(folderNameProblem('logs', ['logs'])).toBe('exists');
    expect(folderNameProblem('Rapports 2026', ['logs'])).toBeUndefined();
  });

  it('prints sizes a technician reads at a glance', () => {
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
  });
});

describe('log presets and sources', () => {
  it('offers the presets of the host OS family, Linux when unknown', () => {
    expect(logPresetsFor('windows').map((p) => p.id)).toEqual(['win-system', 'win-application']);
    expect(logPresetsFor('macos').map((p) => p.id)).toEqual(['mac-log', 'mac-system']);
    expect(logPresetsFor('unknown').map((p) => p.id)).toEqual(['syslog', 'messages', 'auth', 'journal', 'dmesg']);
    expect(new Set(LOG_PRESETS.map((p) => p.id)).size).toBe(LOG_PRESETS.length);
  });

  it('builds the sources, refusing unknown presets and relative paths by position', () => {
    expect(logSources(['journal'], ['/srv/app.log', 'C:\\logs\\a.log']).map((s) => s.id)).toEqual(['journal', '/srv/app.log', 'C:\\logs\\a.log']);
    expect(() => logSources(['syslog', 'nope'], [])).toThrow(/presets\[1\]: no log preset "nope"/);
    expect(() => logSources([], ['/ok', 'relative.log'])).toThrow(/files\[1\]: "relative.log" is not an absolute path/);
    expect(() => logSources([], [])).toThrow(/at least one log/);
  });

  it('names attachments after host, log and time, safe in any file system', () => {
    const at = new Date('2026-11-23T14:20:59Z');
    expect(logFileName('pc-compta', logSources([], ['/var/log/auth.log'])[0]!, at)).toBe('pc-compta-auth.log-20261123-1420.txt');
    expect(logFileName('pc-compta', logSources(['journal'], [])[0]!, at)).toBe('pc-compta-journal-20261123-1420.txt');
    expect(logFileName('srv', logSources([], ['/var/log/weird name:*?.log'])[0]!, at)).toBe('srv-weird_name_.log-20261123-1420.txt');
  });
});

describe('download target', () => {
  it('never overwrites: report.txt, then report (1).txt, report (2).txt', () => {
    const dir = mkdtempSync(join(tmpdir(), 'atelier-free-path-'));
    try {
      expect(freeLocalPath(dir, 'report.txt')).toBe(join(dir, 'report.txt'));
      writeFileSync(join(dir, 'report.txt'), '');
      expect(freeLocalPath(dir, 'report.txt')).toBe(join(dir, 'report (1).txt'));
      writeFileSync(join(dir, 'report (1).txt'), '');
      expect(freeLocalPath(dir, 'report.txt')).toBe(join(dir, 'report (2).txt'));
      expect(freeLocalPath(dir, 'noext')).toBe(join(dir, 'noext'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
