import type { Page } from '@playwright/test';
import { api } from './helpers';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

type Detail = { ticket: { id: string } };
const fixed = { resolution: { text: 'Câble réseau remplacé.', rootCause: 'Câble abîmé.' } };

/** The big number of the figure whose label is exactly `label`. */
const figure = (page: Page, label: string) =>
  page.locator('.figure').filter({ has: page.locator('.figure-label', { hasText: new RegExp(`^${label}$`) }) }).locator('.figure-value');

/** Types a date into a focused Chromium date field (en-US: month, day, year), from its first part. */
async function typeDate(page: Page, iso: string) {
  // Focus comes back to the part last edited: walk back to the month first.
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.type(`${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(0, 4)}`);
}

test('indicators of the day and of a custom range, chosen with the keyboard', async ({ page, app }) => {
  test.setTimeout(120_000);
  // Today: one ticket fixed at once, one resolved, reopened and resolved again, one resolved then reopened.
  const act = (ticketId: string, type: string, payload: unknown) => api(page.request, app, 'tickets.act', { ticketId, type, payload });
  const create = async (title: string) => (await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title, impact: 2, urgency: 2 })).ticket.id;
  const once = await create('Imprimante hors ligne');
  await act(once, 'resolved', fixed);
  const twice = await create('Wi-Fi qui décroche');
  await act(twice, 'resolved', fixed);
  await act(twice, 'reopened', { reason: 'Le Wi-Fi décroche encore.' });
  await act(twice, 'resolved', fixed);
  const back = await create('Écran noir au démarrage');
  await act(back, 'resolved', fixed);
  await act(back, 'reopened', { reason: "L'écran reste noir." });

  await page.goto(`${app.url}#/reports`);
  await expect(page.getByRole('heading', { level: 1, name: 'Indicators' })).toBeVisible();
  const period = page.getByRole('combobox', { name: 'Period' });
  await period.focus();
  await page.keyboard.press('ArrowUp'); // last 7 days
  await page.keyboard.press('ArrowUp'); // today
  await expect(period).toHaveValue('today');
  await expect(figure(page, 'Opened')).toHaveText('3');
  // Each ticket once by its final state: the one resolved twice counts once, the reopened one not at all.
  await expect(figure(page, 'Resolved')).toHaveText('2');
  await expect(figure(page, 'Reopened')).toHaveText('67 %');
  await expect(figure(page, 'First-time fix')).toHaveText('33 %');
  await expectAccessible(page);
  await saveScreenshot(page, 'indicators-today');

  // A custom range: its dates appear after the select, in the tab order.
  await page.keyboard.press('End');
  await expect(period).toHaveValue('custom');
  const from = page.getByLabel('From', { exact: true });
  const to = page.getByLabel('To (included)');
  await page.keyboard.press('Tab');
  await expect(from).toBeFocused();
  await typeDate(page, '2020-01-01');
  await to.focus();
  await typeDate(page, '2020-01-31');
  await expect(from).toHaveValue('2020-01-01');
  await expect(to).toHaveValue('2020-01-31');
  await expect(figure(page, 'Opened')).toHaveText('0');
  await expect(figure(page, 'Resolved')).toHaveText('0');

  // An end before the start says so next to the field; the figures stay those of the last good range.
  await to.focus();
  await typeDate(page, '2019-12-31');
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveText('The end date must be the start date or after it.');
  await expect(figure(page, 'Opened')).toHaveText('0');
  await expectAccessible(page);
  await saveScreenshot(page, 'indicators-custom-invalid');

  // Up to today from six years back is too long a period; from a month ago it takes in today's tickets.
  const [today, monthAgo] = await page.evaluate(() =>
    [0, 30].map((days) => {
      const d = new Date(Date.now() - days * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    }),
  );
  await to.focus();
  await typeDate(page, today ?? '');
  await expect(to).toHaveValue(today ?? '');
  await expect(page.getByRole('alert')).toHaveText('A period is at most 400 days.');
  await from.focus();
  await typeDate(page, monthAgo ?? '');
  await expect(from).toHaveValue(monthAgo ?? '');
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(figure(page, 'Opened')).toHaveText('3');
  await expect(figure(page, 'Resolved')).toHaveText('2');
  await expectAccessible(page);
  await saveScreenshot(page, 'indicators-custom');

  // In French the choices and the date labels read in French.
  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Indicateurs' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Période' }).selectOption('custom');
  await expect(page.getByLabel('Du', { exact: true })).toBeVisible();
  await expect(page.getByLabel('Au (inclus)')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Période' }).locator('option', { hasText: 'Aujourd’hui' })).toHaveCount(1);
  await expectAccessible(page);
  await saveScreenshot(page, 'indicators-custom-fr');
});
