import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

test('the author of an attachment removes it from the ticket by keyboard; the timeline says so', async ({ page, app, request }) => {
  // Minutes, not seconds: a serve process and Chromium on a 2-core machine shared with other runs.
  test.setTimeout(300_000);
  await api(request, app, 'settings.update', { technician: 'jeanne', welcomed: true });
  const { ticket } = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', { kind: 'incident', title: 'Print server drops jobs', impact: 2, urgency: 2 });
  const log = Buffer.from('cupsd: Job 4411 aborted\n'.repeat(20));
  await api(request, app, 'tickets.attach', { ticketId: ticket.id, name: 'cups-error.log', mime: 'text/plain', base64: log.toString('base64') });
  await go(page, `#/queue/${ticket.id}`);

  const open = page.getByRole('button', { name: 'Remove cups-error.log' });
  await expect(open).toBeVisible();
  await page.getByRole('button', { name: 'Download cups-error.log' }).focus();
  await page.keyboard.press('Tab');
  await expect(open).toBeFocused();
  await page.keyboard.press('Enter');
  const question = page.getByRole('group', { name: 'Remove cups-error.log from the ticket, for the whole team?' });
  await expect(question).toBeVisible();
  await expect(question.getByRole('button', { name: 'Remove', exact: true })).toBeFocused();
  await expectAccessible(page);
  await saveScreenshot(page, 'remove-attachment-question');

  // Keep it: nothing changes and the focus goes back to the action.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(question).toBeHidden();
  await expect(open).toBeFocused();

  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.locator('.timeline-entry.type-attachment_removed')).toContainText('jeanne removed cups-error.log');
  await expect(page.locator('.timeline-entry.type-attachment_added')).toContainText('attached cups-error.log (removed)');
  await expect(page.getByRole('button', { name: 'Download cups-error.log' })).toHaveCount(0);
  const detail = await api<{ ticket: { attachments: unknown[] } }>(request, app, 'tickets.get', { id: ticket.id });
  expect(detail.ticket.attachments).toEqual([]);
  await expectAccessible(page);
  await saveScreenshot(page, 'remove-attachment-done');
});
