import type { Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go, useSshdWithClientKey } from './helpers';

const box = useSshdWithClientKey();

/** What an xterm shows, as text (the DOM renderer draws spaces as no-break spaces). */
async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(`${selector} .xterm-rows`).innerText()).replace(/\u00a0/g, ' ');
}

test('record a terminal session to a ticket from the UI, then replay it from the ticket timeline', async ({ page, app, request }) => {
  test.setTimeout(150_000);
  await api(request, app, 'hosts.add', { name: 'recbox', address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth: { method: 'key', keyFile: box.key.privateKeyFile } });
  await api(request, app, 'terminal.open', { name: 'recbox', cols: 80, rows: 24 }); // gets the host key offered
  await api(request, app, 'knownHosts.trust', { name: 'recbox', fingerprint: box.sshd.hostFingerprint() });
  const { ticket } = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', { kind: 'incident', title: 'Web server down', impact: 2, urgency: 2 });
  // A damaged cast, attached by hand: its replay must say which line is wrong, and still play the rest.
  const broken = Buffer.from('{"version":2,"width":80,"height":24}\n[0.5, "o", "ok"]\n[0.2, "o", "back"]\n').toString('base64');
  await api(request, app, 'tickets.attach', { ticketId: ticket.id, name: 'broken.cast', mime: 'application/x-asciicast', base64: broken });

  // From the ticket: the host book opens with the recording ticked and the ticket chosen.
  await go(page, `#/queue/${ticket.id}`);
  await page.getByRole('button', { name: 'Record a terminal session' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hosts' })).toBeVisible();
  await expect(page.getByLabel('Record this session to ticket')).toBeChecked();
  await expect(page.getByLabel('Ticket the recording is attached to')).toHaveValue(ticket.id);
  await expect(page.getByLabel('Ticket the recording is attached to').locator('option:checked')).toHaveText(/Web server down/);
  await expectAccessible(page);
  await saveScreenshot(page, 'recording-option');

  await page.locator('tr[data-host="recbox"]').getByRole('button', { name: /Connect/ }).click();
  const tab = page.getByRole('tab', { name: /recbox/ });
  await expect(tab).toContainText('REC');
  await expect(page.getByRole('status').filter({ hasText: 'Recording to' })).toContainText(/T-/);
  const terminal = '.terminal-panel:not([hidden])';
  await expect.poll(() => text(page, terminal), { timeout: 10_000 }).toMatch(/^\$/m);
  await page.locator(`${terminal} .xterm-screen`).click();
  await page.keyboard.type('echo hello-rec');
  await page.keyboard.press('Enter');
  await expect.poll(() => text(page, terminal), { timeout: 10_000 }).toMatch(/^hello-rec$/m);
  await expectAccessible(page);
  await saveScreenshot(page, 'recording-terminal');

  // Closing the tab ends the session: the cast goes on the ticket.
  await page.getByRole('button', { name: 'Close recbox' }).click();
  await go(page, `#/queue/${ticket.id}`);
  const replay = page.getByRole('link', { name: /^Replay session-recbox-\d{8}-\d{4}\.cast$/ });
  await expect(replay).toBeVisible({ timeout: 15_000 });
  await replay.click();

  await expect(page.getByRole('heading', { level: 1, name: /^Replay of session-recbox-/ })).toBeVisible();
  await expect.poll(() => text(page, '[data-testid="replay-screen"]'), { timeout: 15_000 }).toMatch(/^hello-rec$/m);
  await expect(page.getByRole('region', { name: 'Commands and notes' }).getByText('echo hello-rec')).toBeVisible();
  // Played to the end: the position is the duration; Space plays again from the start, and pauses.
  await expect(page.getByRole('button', { name: /^Play/ })).toBeVisible({ timeout: 15_000 });
  const time = await page.getByTestId('replay-time').innerText();
  const [at, of] = time.split(' / ');
  expect(at).toBe(of);
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: /^Pause/ })).toBeVisible();
  await page.keyboard.press(' ');
  await expect(page.getByRole('button', { name: /^Play/ })).toBeVisible();
  await page.getByLabel('Speed').selectOption('4');
  await page.getByRole('slider', { name: 'Position in the recording' }).fill('0');
  await expect(page.getByTestId('replay-time')).toHaveText(/^0:00\.0 \//);
  await page.getByRole('button', { name: /^Go to \d+:\d\d\.\d$/ }).first().click(); // jump to the command
  await expect.poll(() => text(page, '[data-testid="replay-screen"]')).toContain('echo hello-rec');
  await expectAccessible(page);
  await saveScreenshot(page, 'recording-replay');

  await go(page, `#/queue/${ticket.id}`);
  await expect(page.getByRole('link', { name: /^Replay session-recbox-/ })).toBeVisible();
  await page.getByRole('region', { name: 'Timeline' }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'recording-timeline');
  await page.getByRole('link', { name: 'Replay broken.cast' }).click();
  // The event whose time goes back is skipped, named by its line; the rest plays.
  await expect(page.getByRole('note')).toContainText('line 3: the time goes backwards (0.2 < 0.5)');
  await expect.poll(() => text(page, '[data-testid="replay-screen"]')).toContain('ok');
  await expectAccessible(page);
});
