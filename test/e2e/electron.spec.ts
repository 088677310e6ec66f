import { createRequire } from 'node:module';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { REPO_ROOT } from '../setup/serve-process';

function electronBinary(): string | undefined {
  try {
    // The electron package exports its binary's path and throws when the binary was never downloaded.
    return createRequire(import.meta.url)('electron') as string;
  } catch {
    return undefined;
  }
}

const binary = electronBinary();

test.describe('desktop shell (Electron)', () => {
  test.skip(!binary, 'Electron binary not installed on this machine (its download host is unreachable); serve-mode e2e covers the renderer');

  test('opens a sandboxed window on the app protocol and answers calls through the preload', async () => {
    const app = await electron.launch({
      executablePath: binary,
      args: [join(REPO_ROOT, 'dist', 'main.js'), '--data-dir', mkdtempSync(join(tmpdir(), 'atelier-electron-'))],
    });
    const window = await app.firstWindow();
    await expect(window.getByRole('navigation', { name: /Sections/ })).toBeVisible();
    expect(window.url()).toMatch(/^app:\/\/atelier\//);
    // No Node in the page (nodeIntegration off, sandbox on), and only the bridge's two functions.
    expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    expect(await window.evaluate(() => Object.keys((window as unknown as { atelier: object }).atelier).sort())).toEqual(['call', 'onStream']);
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    const info = await window.evaluate(() => (window as unknown as { atelier: { call(n: string, i: unknown): Promise<unknown> } }).atelier.call('app.info', {}));
    expect(info).toMatchObject({ ok: true });
    await app.close();
  });
});
