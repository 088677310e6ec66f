import { api, go } from './helpers';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

type Detail = { ticket: { id: string } };

test('a first run asks for the technician’s name and level once; entries are then signed with that name, with no "not synced" marks while no hub is set', async ({ page, app }) => {
  const welcome = page.getByRole('complementary', { name: 'Who works on this machine?' });
  await expect(welcome).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'first-run');

  await welcome.getByRole('button', { name: 'Sign my work with this name' }).click();
  await expect(welcome.getByText('Write the name your colleagues know you by.')).toBeVisible();
  await welcome.getByLabel('Your name').fill('Camille Roche');
  await welcome.getByLabel('Your support level').selectOption('N2');
  await welcome.getByRole('button', { name: 'Sign my work with this name' }).click();
  await expect(welcome).toHaveCount(0);
  await expect(page.getByTestId('signed-as')).toHaveText('Signed as: Camille Roche · N2');

  const { ticket } = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Screen flickers', impact: 3, urgency: 3 });
  await go(page, `#/queue/${ticket.id}`);
  const entry = page.locator('.timeline-entry').first();
  await expect(entry).toContainText('Camille Roche created the ticket');
  await expect(page.locator('main')).not.toContainText('not synced yet');
  await expect(page.locator('footer').getByText('Local only')).toHaveCount(1);

  // Asked once: a reload does not bring it back.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Screen flickers' })).toBeVisible();
  await expect(page.getByRole('complementary', { name: 'Who works on this machine?' })).toHaveCount(0);
});

test('"Not now" puts the first-run prompt away for good', async ({ page }) => {
  const welcome = page.getByRole('complementary', { name: 'Who works on this machine?' });
  await welcome.getByRole('button', { name: 'Not now' }).click();
  await expect(welcome).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await expect(welcome).toHaveCount(0);
});
