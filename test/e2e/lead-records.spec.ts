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
  const timeline = page.locator('.timeline');
  await expect(timeline).toContainText('redirected it to Sage Support');
  await expect(timeline).toContainText('Vendor reference: SAGE-88231 · Follow up on: Jan 15, 2099');
  await expect(timeline).toContainText('Vendor: Sage Support → —');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await api(page.request, app, 'tickets.act', { ticketId: ticket.id, type: 'redirected', payload: { to: 'vendor', name: 'Sage Support', reason: 'De nouveau' } });
  await page.reload();
  await expect(page.getByTestId('vendor-badge')).toHaveText('Chez Sage Support');
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button', { name: 'Retour du fournisseur' })).toBeVisible();
  await saveScreenshot(page, 'ticket-with-vendor-fr');
});

test('an incident shows its problem card with the workaround; the problem lists its incidents; the timeline names both by reference', async ({ page, app }) => {
  const first = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Wi-Fi drops in room 204', impact: 2, urgency: 2, requester: 'Léa Martin', site: 'Lyon' });
  const second = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Wi-Fi drops in room 210', impact: 2, urgency: 2, requester: 'Paul Durand', site: 'Lyon' });
  const { problemId } = await api<{ problemId: string }>(page.request, app, 'problems.create', { title: 'Access point AP-2 reboots', incidentIds: [first.ticket.id, second.ticket.id] });
  await api(page.request, app, 'problems.saveAnalysis', { problemId, whys: ['The AP reboots'], workaround: 'Join the Guest-5G network until AP-2 is replaced.' });
  const problem = await api<Detail>(page.request, app, 'tickets.get', { id: problemId });

  await go(page, `#/queue/${first.ticket.id}`);
  const card = page.getByTestId('problem-card');
  await expect(card).toContainText(`${problem.ref} Access point AP-2 reboots`);
  await expect(card).toContainText('New');
  await expect(card).toContainText('Join the Guest-5G network until AP-2 is replaced.');
  const timelineLink = page.locator('.timeline').getByRole('link', { name: `${problem.ref} · Access point AP-2 reboots` });
  await expect(timelineLink).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('linked it to problem');
  await expect(page.locator('.timeline')).not.toContainText(problemId);
  await expectAccessible(page);
  await saveScreenshot(page, 'incident-problem-card');

  await card.getByRole('link', { name: /Access point AP-2 reboots/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Access point AP-2 reboots' })).toBeVisible();
  const incidents = page.getByTestId('problem-incidents');
  await expect(incidents.locator('tbody tr')).toHaveCount(2);
  await expect(incidents.locator('tbody tr').first()).toContainText(`${first.ref} Wi-Fi drops in room 204`);
  await expect(incidents.locator('tbody tr').first()).toContainText('Léa Martin');
  await expect(incidents.locator('tbody tr').first()).toContainText('Lyon');
  await expect(page.locator('.timeline').getByRole('link', { name: `${second.ref} · Wi-Fi drops in room 210` })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'problem-incidents');
});
