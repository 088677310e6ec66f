import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

// Every section but the queue is its own chunk of script (renderer/App.tsx). A chunk that cannot be fetched
// (the core stopped, a page older than a rebuild) must cost that section only, and come back once it can.
test('a section whose code cannot be fetched says so in its place, the rest keeps working, and Try again shows it', async ({ page, app }) => {
  const tab = await page.context().newPage();
  await tab.route('**/assets/HostsView-*.js', (route) => route.abort('connectionrefused'));
  await tab.goto(`${app.url}#/hosts`);
  const alert = tab.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('This view could not be loaded');
  await expect(tab.getByRole('navigation', { name: 'Sections' })).toBeVisible();
  await expectAccessible(tab);
  await saveScreenshot(tab, 'view-failed');

  // Another section opens as usual; coming back still says what failed.
  await tab.getByRole('link', { name: /Settings/ }).click();
  await expect(tab.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await tab.getByRole('link', { name: /Hosts/ }).click();
  await expect(alert).toContainText('This view could not be loaded');

  await tab.unroute('**/assets/HostsView-*.js');
  await alert.getByRole('button', { name: 'Try again' }).click();
  await expect(tab.getByRole('heading', { level: 1, name: 'Hosts' })).toBeVisible();
  await expect(alert).toBeHidden();
  await tab.close();
});

test('a key pressed right after a section opens reaches that section', async ({ page }) => {
  // The page is ready (data-ready) once every view's code is here: the Hosts view takes its `i` at once.
  await page.goto(`${new URL(page.url()).origin}/#/hosts`);
  await page.keyboard.press('i');
  await expect(page.getByRole('dialog', { name: 'Import hosts from an OpenSSH config' })).toBeVisible();
});
