import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

test('the support level comes from the store’s lead: the first user chooses it, another user only reads it', async ({ page, app }) => {
  test.setTimeout(180_000);
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await go(page, '#/settings');
  // The first person to set a level leads the store.
  const level = page.getByLabel('My support level');
  await expect(page.getByText('The first person to set a level leads this computer’s store.')).toBeVisible();
  await level.selectOption('N2');
  await expect(page.getByText('You lead this computer’s store: only you change levels here.')).toBeVisible();
  await expect(level).toHaveValue('N2');

  // Someone else signs on this computer: the level is read, not chosen, and the core refuses a change.
  await api(page.request, app, 'settings.update', { technician: 'Karim' });
  await page.reload();
  await go(page, '#/settings');
  await expect(page.getByText(/Given by .+, who leads this computer’s store\./)).toBeVisible();
  await expect(page.getByText('Not given yet (counts as N1)')).toBeVisible();
  await expect(page.getByLabel('My support level')).toHaveCount(0);
  const refused = await page.request.post(`${app.origin}/api/call/settings.update`, { headers: { authorization: `Bearer ${app.secret}` }, data: { level: 'N3' } });
  expect(refused.status()).toBe(403);
  await expectAccessible(page);
  await saveScreenshot(page, 'settings-level-readonly');
});
