import { api, go } from './helpers';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

type Detail = { ticket: { id: string }; ref: string };

test('a ticket redirected to a vendor says so in its heading, its triage panel and the queue, with its clock paused', async ({ page, app }) => {
  const { ticket } = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Sage will not start', impact: 2, urgency: 2, requester: 'Léa Martin' });
  const other = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Printer jammed', impact: 2, urgency: 2 });
  await go(page, `#/queue/${ticket.id}`);
  await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Redirect' }).click();
  const dialog = page.getByRole('dialog', { name: 'Redirect the ticket' });
  await dialog.getByLabel('Hand it to').selectOption('vendor');
  await dialog.getByLabel('Name').fill('Sage Support');
  await dialog.getByLabel('Vendor’s case reference (optional)').fill('SAGE-88231');
  await dialog.getByLabel('Follow up on (optional)').fill('2099-01-15');
  await dialog.getByLabel('Reason').fill('The licence server refuses the key');
  await dialog.getByRole('button', { name: 'Confirm' }).click();
  await expect(dialog).toHaveCount(0);

  await expect(page.getByTestId('vendor-badge')).toHaveText('With Sage Support · SAGE-88231');
  const triage = page.getByTestId('vendor-details');
  await expect(triage).toContainText('Sage Support');
  await expect(triage).toContainText('SAGE-88231');
  await expect(triage).toContainText('Jan 15, 2099');
  await expect(page.locator('.sla-line')).toContainText(/Time to resolve: On time: Paused · 23 h /);
  await expectAccessible(page);
  await saveScreenshot(page, 'ticket-with-vendor');

  await go(page, '#/queue');
  const row = page.locator(`#row-${ticket.id}`);
  await expect(row).toContainText('With Sage Support');
  await expect(row.locator('.c-sla')).toContainText('Paused');
  await expect(page.locator(`#row-${other.ticket.id} .c-sla`)).not.toContainText('Paused');
  await page.getByLabel('With a vendor').check();
  await expect(page.getByTestId('queue-count')).toHaveText('1 ticket');
  await expect(row).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'queue-with-vendor');

  // Taken back from the vendor: the mark goes, the clock runs again.
  await go(page, `#/queue/${ticket.id}`);
  await page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Back from the vendor' }).click();
  await expect(page.getByTestId('vendor-badge')).toHaveCount(0);
  await expect(page.locator('.sla-line')).not.toContainText('Paused');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await api(page.request, app, 'tickets.act', { ticketId: ticket.id, type: 'redirected', payload: { to: 'vendor', name: 'Sage Support', reason: 'De nouveau' } });
  await page.reload();
  await expect(page.getByTestId('vendor-badge')).toHaveText('Chez Sage Support');
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Retour du fournisseur' })).toBeVisible();
  await saveScreenshot(page, 'ticket-with-vendor-fr');
});
