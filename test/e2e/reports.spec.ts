import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../setup/serve-process';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

const OUT = join(REPO_ROOT, 'test-results', 'reports');

test('resolve a ticket, produce its report, write a procedure, open the dashboard', async ({ page }) => {
  test.setTimeout(300_000);
  // Demo workspace first: the dashboard and "similar tickets" need history.
  await page.getByRole('button', { name: 'Load demo data' }).click();
  await expect(page.locator('.queue-row, [role="row"]').nth(5)).toBeVisible({ timeout: 30_000 });

  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New ticket' });
  await dialog.getByLabel('Title').fill('PC très lent, bruit de cliquetis au démarrage');
  await dialog.getByLabel('Impact').selectOption('2');
  await dialog.getByLabel('Urgency').selectOption('2');
  await dialog.getByLabel('Requester').fill('Claire Dubois');
  await dialog.getByLabel('Category').selectOption('hardware/disk');
  await dialog.getByLabel('Description').fill('Le poste met dix minutes à démarrer et le disque fait un bruit régulier depuis lundi.');
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /PC très lent/ })).toBeVisible();
  await page.getByRole('button', { name: 'Take it' }).click();

  await page.getByLabel('Comment text').fill('SECRET-INTERNE : mot de passe admin local à changer');
  await page.getByLabel('Internal note (never shown to the requester)').check();
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.locator('.timeline-entry.type-comment_added')).toContainText('SECRET-INTERNE');
  await page.getByLabel('Internal note (never shown to the requester)').uncheck();
  await page.getByLabel('Comment text').fill('SMART : 142 secteurs réalloués. Sauvegarde faite sur le NAS.');
  await page.getByRole('button', { name: 'Add comment' }).click();
  await expect(page.locator('.timeline-entry.type-comment_added').nth(1)).toBeVisible();
  // Similar past tickets come from the demo workspace's disk incidents.
  // Only solved ones, each with why it was chosen.
  const similar = page.getByRole('region', { name: 'Similar past tickets' });
  await expect(similar.getByRole('link').first()).toBeVisible();
  await expect(similar.locator('.similar-why').first()).toHaveText(/^same category · \d+ words? in common: \p{L}+/u);
  for (const status of await similar.locator('li > span.muted').allTextContents()) expect(status).toMatch(/· (Resolved|Closed)$/);
  await similar.scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'similar-tickets');

  await page.getByRole('button', { name: 'Resolve' }).click();
  const resolve = page.getByRole('dialog', { name: 'Resolve the ticket' });
  await resolve.getByLabel('Resolution (what was done)').fill('Disque remplacé par un SSD 512 Go, système restauré, données vérifiées.');
  await resolve.getByLabel(/Root cause/).fill('Disque mécanique en fin de vie.');
  await resolve.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.locator('.ticket-heading .status')).toHaveText('Resolved');
  await expectAccessible(page);
  await saveScreenshot(page, 'ticket-resolved-panels');

  // The incident report: French (guessed from the ticket), no internal comment, editable, then final.
  await page.getByRole('link', { name: /Incident report/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Incident report T-/ })).toBeVisible();
  const preview = page.getByRole('region', { name: 'Report preview' });
  await expect(preview).toContainText('Rapport d’intervention');
  await expect(preview).toContainText('142 secteurs réalloués');
  await expect(preview).not.toContainText('SECRET-INTERNE');
  await page.getByLabel('Advice').fill('Enregistrez vos documents sur le partage réseau.');
  await expect(preview).toContainText('Enregistrez vos documents sur le partage réseau.');
  await expectAccessible(page);
  await saveScreenshot(page, 'report');
  // Ctrl+Enter makes it final, as its button says.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('The report is stored on the ticket.')).toBeVisible({ timeout: 60_000 });
  mkdirSync(OUT, { recursive: true });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download PDF' }).click();
  const pdfFile = join(OUT, 'e2e-incident-report.pdf');
  await (await download).saveAs(pdfFile);
  expect(readFileSync(pdfFile).subarray(0, 5).toString()).toBe('%PDF-');

  // Back on the ticket: the two attachments are in its timeline; turn the resolution into a procedure.
  await page.getByRole('link', { name: /^← T-/ }).click();
  await expect(page.locator('.timeline-entry.type-attachment_added')).toHaveCount(2);
  await page.getByRole('button', { name: /Turn into a procedure/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Editing: Procedure: PC très lent/ })).toBeVisible();
  const body = page.getByLabel('Text (Markdown)');
  await expect(body).toHaveValue(/Disque mécanique en fin de vie/);
  await body.fill(`${await body.inputValue()}\n\n<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> <a href="javascript:window.__pwned=3">lien</a>`);
  // Saved by keyboard from another field than the text (the category list), as its button says.
  await page.getByLabel('Category').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.locator('.knowledge-article')).toContainText('Published');
  const markdown = page.locator('.markdown');
  await expect(markdown).toContainText('Disque mécanique en fin de vie');
  expect(await markdown.locator('script, [onerror], a[href^="javascript"]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expectAccessible(page);
  await saveScreenshot(page, 'knowledge-article');
  await page.goto(page.url().replace(/#.*$/, '#/knowledge'));
  await page.getByLabel('Search articles (/)').fill('disque demarrer');
  await expect(page.locator('.article-list li')).toHaveCount(1);
  await expectAccessible(page);

  // The dashboard: figures, charts, problem candidates; CSV and PDF.
  await page.goto(page.url().replace(/#.*$/, '#/reports'));
  await expect(page.getByRole('heading', { level: 1, name: 'Indicators' })).toBeVisible();
  await expect(page.locator('.figure').first()).toContainText('Open backlog');
  await expect(page.locator('canvas')).toHaveCount(3);
  await expect(page.getByRole('region', { name: 'Problem candidates' }).locator('.candidates > li').first()).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'dashboard');
  const csv = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export CSV/ }).click();
  const csvFile = join(OUT, 'indicators.csv');
  await (await csv).saveAs(csvFile);
  expect(readFileSync(csvFile, 'utf8')).toMatch(/^indicator,key,value,of\nbacklog_by_priority,P1,/);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: join(OUT, 'dashboard.pdf'), format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  await page.evaluate(() => {
    document.documentElement.dataset.theme = 'dark';
  });
  await saveScreenshot(page, 'dashboard-dark');
});
