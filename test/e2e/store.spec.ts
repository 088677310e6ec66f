import { test as base } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServeProcess, type ServeProcess } from '../setup/serve-process';
import { expect, expectAccessible, saveScreenshot } from './fixtures';

/** A serve process over a data folder whose atelier.db is 0 bytes (a crash while it was created). */
const test = base.extend<{ app: ServeProcess }>({
  app: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atelier-e2e-empty-'));
    writeFileSync(join(dataDir, 'atelier.db'), '');
    const app = await startServeProcess({ dataDir });
    await use(app);
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

test('an empty store file: the app says so and starts a new store only when the user agrees', async ({ page, app }) => {
  const file = join(app.dataDir, 'atelier.db');
  await page.goto(app.url);
  const notice = page.getByRole('alertdialog', { name: 'The store file is empty' });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(file);
  await expect(notice).toContainText('atelier.db.empty-');
  await expect(page.getByRole('heading', { level: 1, name: 'The store file is empty' })).toBeFocused();
  await expectAccessible(page);
  await saveScreenshot(page, 'store-empty-en');

  // Looking, and checking again, changes nothing.
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(notice).toBeVisible();
  expect(statSync(file).size).toBe(0);
  expect(readdirSync(app.dataDir).filter((name) => name.startsWith('atelier.db.empty-'))).toEqual([]);

  // Keyboard: Tab reaches the agreeing button, Enter presses it.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Keep it aside and start a new store' })).toBeFocused();
  await page.keyboard.press('Enter');
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText(app.dataDir);
  const aside = readdirSync(app.dataDir).filter((name) => name.startsWith('atelier.db.empty-'));
  expect(aside).toHaveLength(1);
  expect(statSync(join(app.dataDir, aside[0]!)).size).toBe(0);
  expect(statSync(file).size).toBeGreaterThan(0);
});

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('the notice speaks the system\'s language before any setting can be read', async ({ page, app }) => {
    await page.goto(app.url);
    const notice = page.getByRole('alertdialog', { name: 'Le fichier de la base est vide' });
    await expect(notice).toBeVisible();
    await expect(page.getByRole('button', { name: 'Le mettre de côté et commencer une nouvelle base' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expectAccessible(page);
    await saveScreenshot(page, 'store-empty-fr');
  });
});
