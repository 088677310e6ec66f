import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

const fixture = (name: string) => new URL(`../fixtures/asciicast/${name}`, import.meta.url);

/** What an xterm shows, as text (the DOM renderer draws spaces as no-break spaces). */
async function screen(page: Page): Promise<string> {
  return (await page.locator('[data-testid="replay-screen"] .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
}

test('old recordings replay from a ticket: an asciicast v1 attached from the UI, a v3, and a v2 with a bad resize that plays with a note', async ({ page, app }) => {
  test.setTimeout(300_000);
  const { ticket } = await api<{ ticket: { id: string } }>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Old recordings', impact: 2, urgency: 2 });
  const attach = (name: string) =>
    api(page.request, app, 'tickets.attach', { ticketId: ticket.id, name, mime: 'application/x-asciicast', base64: readFileSync(fixture(name)).toString('base64') });
  await attach('player-resizing.cast');
  await attach('derived-v2-bad-resize.cast');

  // asciinema 1.x saved .json files: attached from the ticket like any file, it is offered for replay.
  await page.goto(`${app.url}#/queue/${ticket.id}`);
  await page.getByRole('tab', { name: 'Attach' }).click();
  await page.getByLabel('File to attach (6 MB at most)').setInputFiles(fileURLToPath(fixture('asciinema-full-v1.json')));
  await page.getByRole('button', { name: 'Attach', exact: true }).click();
  await page.getByRole('link', { name: 'Replay asciinema-full-v1.json' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Replay of asciinema-full-v1.json' })).toBeVisible();
  await expect.poll(() => screen(page), { timeout: 15_000 }).toContain('żółć');
  await expect(page.getByTestId('replay-format')).toHaveText(/asciicast v1 recording/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expectAccessible(page);

  // v3: intervals, resizes and the exit status.
  await go(page, `#/queue/${ticket.id}`);
  await page.getByRole('link', { name: 'Replay player-resizing.cast' }).click();
  await expect.poll(() => screen(page), { timeout: 15_000 }).toContain('hello world!');
  await expect(page.getByTestId('replay-format')).toHaveText('asciicast v3 recording (read as is; Atelier writes v2). The session ended with exit status 0.');
  await expectAccessible(page);
  await saveScreenshot(page, 'recording-replay-v3');

  // One bad resize: the rest of the file plays, the note names the line and why.
  await go(page, `#/queue/${ticket.id}`);
  await page.getByRole('link', { name: 'Replay derived-v2-bad-resize.cast' }).click();
  await expect.poll(() => screen(page), { timeout: 15_000 }).toMatch(/start\s+middle\s+end\s+done/);
  const note = page.getByRole('note');
  await expect(note).toContainText('1 damaged event was skipped; the rest plays.');
  await expect(note).toContainText('line 4: a resize that is not COLSxROWS ("0x0")');
  await expect(page.getByRole('region', { name: 'Commands and notes' })).toContainText('second');
  await expectAccessible(page);
  await saveScreenshot(page, 'recording-replay-skipped');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.reload();
  await expect(page.getByRole('note')).toContainText('ligne 4 : un redimensionnement qui n’est pas COLONNESxLIGNES (« 0x0 »)');
  await expect(page.getByRole('note')).toContainText('1 événement endommagé a été ignoré ; le reste est lu.');
});
