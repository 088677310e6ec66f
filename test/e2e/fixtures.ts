import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, startServeProcess, type ServeProcess } from '../setup/serve-process';

/** Each test gets its own app: a serve process over a fresh data folder, and a page signed in to it. */
export const test = base.extend<{ app: ServeProcess }>({
  app: async ({}, use) => {
    const app = await startServeProcess();
    await use(app);
    await app.stop();
  },
  page: async ({ page, app }, use) => {
    await page.goto(app.url);
    // The page is ready for keys once the app's global shortcuts listen, not at the load event.
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
    await use(page);
  },
});

export { expect };

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

/** Saves a full-page screenshot under test-results/screenshots for a person to look at. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every screen passes axe-core with no serious or critical violation. */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/**
 * Types a `g x` shortcut. The app takes the second key within 1.2 s of the first (a person types it in about
 * 0.2 s); Playwright waits for each key's round trip, which on a loaded machine has taken longer than that. The
 * four key events go to the browser in one batch, as real input, so the keys arrive as close as typed.
 */
export async function pressSequence(page: Page, first: string, second: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const events = [first, second].flatMap((key) => {
      const code = `Key${key.toUpperCase()}`;
      const keyCode = key.toUpperCase().charCodeAt(0);
      return [
        { type: 'keyDown' as const, key, code, text: key, unmodifiedText: key, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode },
        { type: 'keyUp' as const, key, code, windowsVirtualKeyCode: keyCode, nativeVirtualKeyCode: keyCode },
      ];
    });
    await Promise.all(events.map((event) => cdp.send('Input.dispatchKeyEvent', event)));
  } finally {
    await cdp.detach();
  }
}
