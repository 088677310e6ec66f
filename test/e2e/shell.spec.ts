import { expect, expectAccessible, saveScreenshot, test, pressSequence } from './fixtures';

test('the app loads on the queue with the section sidebar and status bar', async ({ page, app }) => {
  await expect(page.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('contentinfo')).toContainText(app.dataDir);
  await expect(page).not.toHaveURL(/token=/);
  await expectAccessible(page);
  await saveScreenshot(page, 'queue');
});

test('switching to French changes the UI text and survives a reload', async ({ page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
  await page.getByLabel('Language', { exact: true }).selectOption('fr');
  await expect(page.getByRole('heading', { level: 1, name: 'Réglages' })).toBeVisible();
  await expect(page.getByRole('link', { name: /File d’attente/ })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Réglages' })).toBeVisible();
  await expect(page.getByLabel('Langue', { exact: true })).toHaveValue('fr');
  await expectAccessible(page);
  await saveScreenshot(page, 'settings-fr');
});

test('theme switch applies at once and persists', async ({ page }) => {
  await pressSequence(page, 'g', 's');
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Theme', { exact: true }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(17, 22, 29)');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expectAccessible(page);
  await saveScreenshot(page, 'settings-dark');
  await page.getByLabel('Theme', { exact: true }).selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('settings show version, data folder and schema version from the core', async ({ page, app }) => {
  await page.getByRole('link', { name: /Settings/ }).click();
  await expect(page.getByTestId('data-dir')).toHaveText(app.dataDir);
  await expect(page.getByTestId('schema-version')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
});

test('? opens the shortcut list, Escape closes it, Alt+digit jumps to a section', async ({ page }) => {
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'shortcuts');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Alt+3');
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
});

test('without the launch secret the app is refused', async ({ browser, app }) => {
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto(app.origin + '/');
  await expect(stranger.getByRole('heading', { level: 1 })).toHaveText('Open Atelier from its address');
  await expect(stranger.locator('body')).toContainText('atelier serve');
  expect((await context.request.post(`${app.origin}/api/call/settings.get`, { data: {} })).status()).toBe(401);
  await context.close();
});

test('SLA targets and categories are edited in Settings', async ({ page }) => {
  await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
  const sla = page.getByRole('region', { name: 'SLA targets' });
  await sla.getByLabel('P1 Time to resolve (h)').fill('2');
  await sla.getByRole('button', { name: 'Save targets' }).click();
  await expect(sla.getByRole('status')).toHaveText(/Saved/);
  await sla.getByLabel('P1 Time to own (h)').fill('3');
  await sla.getByRole('button', { name: 'Save targets' }).click();
  await expect(sla.getByRole('alert')).toContainText('P1.resolveMs');
  const categories = page.getByRole('region', { name: 'Categories' });
  await categories.getByLabel('Path (parent/child)').fill('hardware/dock');
  await categories.getByLabel('French label').fill('Station d’accueil');
  await categories.getByLabel('English label').fill('Docking station');
  await categories.getByRole('button', { name: 'Add or rename' }).click();
  await expect(categories.getByRole('button', { name: 'Docking station' })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'settings-sla-categories');
});
