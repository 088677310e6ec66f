/**
 * A change whose procedure is a checklist run unattended (issue 14): written from the keyboard from the
 * pre-approved template, its page says which checklist, the answers given in place of a person (in the
 * reader's language) and what counts as success; the list counts the hosts its tag chooses.
 */
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

test('a checklist procedure from the template: its page in English and French, the hosts its tag chooses counted', async ({ page, app, request }) => {
  test.setTimeout(180_000);
  await api(request, app, 'settings.update', { technician: 'marc', level: 'N2', welcomed: true, language: 'en' });
  for (const name of ['ws-1', 'acc-1', 'acc-2']) {
    await api(request, app, 'hosts.add', { name, address: '127.0.0.1', port: 22, user: 'tech', osFamily: 'linux', tags: name.startsWith('acc') ? ['accounting'] : [] });
  }

  await go(page, '#/changes');
  await expect(page.getByRole('heading', { name: 'Changes', level: 1 })).toBeVisible();
  await page.keyboard.press('n');
  const form = page.getByRole('dialog');
  await form.getByLabel('Template').selectOption({ label: 'Check the disks (checklist, unattended) (pre-approved)' });
  await form.getByLabel('Title').fill('Disk check before the migration');
  await form.getByLabel('Type of change').selectOption('standard');
  await form.getByLabel('Hosts', { exact: false }).fill('ws-1');
  await form.getByLabel('Tags', { exact: false }).fill('accounting');
  await page.keyboard.press('Control+Enter');

  await expect(page.getByRole('heading', { level: 1 })).toContainText('Disk check before the migration');
  const record = page.getByRole('region', { name: 'Change record' });
  await expect(record.getByRole('heading', { name: /Checklist run unattended with its probes/ })).toBeVisible();
  await expect(record).toContainText('disk-failure v1');
  await expect(record).toContainText('ask-symptom → Unreadable files, read errors, freezes');
  await expect(record).toContainText('disk-healthy');
  await expect(page.getByRole('table', { name: 'Preview of the rollout' })).toContainText('checklist disk-failure v1, run unattended with its probes (answers: ask-symptom=1)');
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-checklist-procedure');

  // The list counts the host named and the two its tag chooses.
  await go(page, '#/changes');
  const row = page.getByRole('table', { name: 'Change records' }).getByRole('row', { name: /Disk check before the migration/ });
  await expect(row.locator('td').nth(5)).toHaveText('3');

  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Disk check before the migration');
  await api(request, app, 'settings.update', { language: 'fr' });
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  const fiche = page.getByRole('region', { name: 'Fiche de changement' });
  await expect(fiche.getByRole('heading', { name: /Checklist déroulée sans personne, avec ses sondes/ })).toBeVisible({ timeout: 30_000 });
  await expect(fiche).toContainText('ask-symptom → Fichiers illisibles, erreurs de lecture, gels');
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-checklist-procedure-fr');
});
