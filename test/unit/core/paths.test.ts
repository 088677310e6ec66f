import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from '../../../electron/core/paths';
import { isAppUrl, isSafeExternalUrl } from '../../../electron/main/trust';

describe('data folder', () => {
  it('follows XDG on Linux, the OS conventions elsewhere, and the overrides first', () => {
    expect(defaultDataDir({ HOME: '/home/t' }, 'linux')).toBe(join('/home/t', '.local', 'share', 'atelier'));
    expect(defaultDataDir({ HOME: '/home/t', XDG_DATA_HOME: '/data' }, 'linux')).toBe(join('/data', 'atelier'));
    expect(defaultDataDir({ HOME: '/Users/t' }, 'darwin')).toBe(join('/Users/t', 'Library', 'Application Support', 'Atelier'));
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'win32')).toContain('Atelier');
    expect(defaultDataDir({ HOME: '/home/t', ATELIER_DATA_DIR: '/srv/a' }, 'linux')).toBe('/srv/a');
    expect(resolveDataDir('/flag', { ATELIER_DATA_DIR: '/env' })).toBe('/flag');
  });
});

describe('Electron trust rules', () => {
  it('treats only the app scheme as the app', () => {
    expect(isAppUrl('app://atelier/index.html')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://atelier/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('opens only plain web links externally', () => {
    expect(isSafeExternalUrl('https://example.org/kb')).toBe(true);
    expect(isSafeExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isSafeExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isSafeExternalUrl('smb://server/share')).toBe(false);
    expect(isSafeExternalUrl('https://user:pw@example.org')).toBe(false);
  });
});

describe('content security policy', () => {
  it('is the same in the page meta tag as in the served header, minus the serve-mode WebSocket origin', async () => {
    const { readFileSync } = await import('node:fs');
    const { contentSecurityPolicy } = await import('../../../shared/contract/csp');
    const html = readFileSync(new URL('../../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const header = contentSecurityPolicy().split('; ').filter((d) => !d.startsWith('frame-ancestors'));
    expect(meta?.split('; ')).toEqual(header);
    expect(contentSecurityPolicy('http://127.0.0.1:4000')).toContain("connect-src 'self' ws://127.0.0.1:4000");
    expect(contentSecurityPolicy()).not.toContain('unsafe');
  });
});
