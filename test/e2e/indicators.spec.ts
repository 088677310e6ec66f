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

test('incidents a health check caught and the change figures, in English and French', async ({ page, app }) => {
  test.setTimeout(120_000);
  // The first line the health checks write (shared/checks/incidents.ts) is what marks their incidents.
  await api(page.request, app, 'tickets.create', {
    kind: 'incident',
    title: 'ws-12: Disk free',
    description: 'Health check builtin v1 / disk-free (disk.free) failed on ws-12.\n\nReadings:',
    asset: 'ws-12',
    impact: 2,
    urgency: 2,
  });
  await api(page.request, app, 'tickets.create', { kind: 'incident', title: 'Disque plein, appel de la compta', impact: 2, urgency: 2 });
  const record = { risk: 'high', plan: 'patch the VPN gateway', testPlan: 'connect from outside', rollbackPlan: 'reinstall the previous package', hosts: ['gw-1'] };
  await api(page.request, app, 'changes.create', { title: 'VPN flaw patched tonight', record: { ...record, type: 'emergency' } });
  await api(page.request, app, 'changes.create', { title: 'Printer driver update', record: { ...record, type: 'normal' } });

  await page.goto(`${app.url}#/reports`);
  await expect(page.getByRole('heading', { level: 1, name: 'Indicators' })).toBeVisible();
  await expect(figure(page, 'Caught before a user called')).toHaveText('50 %');
  await expect(page.getByText('1 of 2 incidents opened by a health check')).toBeVisible();
  // Changes are figures of their own: they leave the service tickets' counts alone.
  await expect(figure(page, 'Opened')).toHaveText('2');
  const changes = page.getByRole('list', { name: 'Changes' });
  await expect(changes.getByText('1 of 2 changes opened')).toBeVisible();
  await expect(figure(page, 'Emergency changes')).toHaveText('50 %');
  // Nothing rolled out yet: no data, not 0 %.
  await expect(figure(page, 'Change success rate')).toHaveText('—');
  await expect(figure(page, 'Failed changes rolled back')).toHaveText('—');
  await page.getByRole('heading', { level: 2, name: 'Changes' }).scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await saveScreenshot(page, 'indicators-changes-caught');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Indicateurs' })).toBeVisible();
  await expect(figure(page, 'Détectés avant l’appel d’un utilisateur')).toHaveText('50 %');
  await expect(figure(page, 'Changements urgents')).toHaveText('50 %');
  await expect(page.getByRole('heading', { level: 2, name: 'Changements' })).toBeVisible();
  await page.getByRole('heading', { level: 2, name: 'Changements' }).scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await saveScreenshot(page, 'indicators-changes-caught-fr');
});
