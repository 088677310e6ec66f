import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

describe('electron-builder config', () => {
  it('packages the built app for Linux, Windows and macOS and unpacks native modules', () => {
    const config = parse(readFileSync(new URL('../../../build/electron-builder.yml', import.meta.url), 'utf8')) as Record<string, any>;
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { main: string };
    expect(config.extraMetadata.main).toBe(pkg.main);
    expect(config.files).toContain('dist/**');
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.win.target).toContain('nsis');
    expect(config.mac.target).toContain('dmg');
  });
});
