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

test('a checklist procedure written by hand: keyboard-reachable, its answers checked at the field in English and French, then saved', async ({ page, app, request }) => {
  // Two forms and a save, each checked; about 2.5 min on a busy 2-core machine.
  test.setTimeout(300_000);
  await api(request, app, 'settings.update', { technician: 'marc', level: 'N2', welcomed: true, language: 'en' });
  await api(request, app, 'hosts.add', { name: 'ws-1', address: '127.0.0.1', port: 22, user: 'tech', osFamily: 'linux' });

  await go(page, '#/changes');
  await expect(page.getByRole('heading', { name: 'Changes', level: 1 })).toBeVisible();
  await page.keyboard.press('n');
  let form = page.getByRole('dialog');
  await form.getByLabel('Title').fill('Disk check written by hand');
  await form.getByLabel('Hosts', { exact: false }).fill('ws-1');
  const kind = form.getByLabel('Procedure', { exact: true });
  await kind.selectOption({ label: 'Checklist (unattended)' });
  // Reached from the keyboard: Tab goes from the kind to the checklist, then to its answers and conclusions.
  await kind.focus();
  await page.keyboard.press('Tab');
  const choose = form.getByLabel('Checklist (id and version)');
  await expect(choose).toBeFocused();
  await choose.selectOption('disk-failure@1');
  await page.keyboard.press('Tab');
  const answers = form.getByLabel(/^Answers in place of a person/);
  await expect(answers).toBeFocused();
  await page.keyboard.type('ask-symptom = 1\ncheck-cable = maybe\nnope = done');
  await page.keyboard.press('Tab');
  const succeeds = form.getByLabel(/^Success at the conclusions/);
  await expect(succeeds).toBeFocused();
  await page.keyboard.type('disk-healthy, check-cable');
  await expect(form).toContainText('ask-symptom: 0 = Noises (clicking, grinding), 1 = Unreadable files, read errors, freezes');
  await expect(form.getByRole('alert').first()).toContainText('Line 2: the answer to “check-cable” is a number');
  await expect(form.getByRole('alert').first()).toContainText('The checklist disk-failure v1 has no step “nope”.');
  await expect(form.getByRole('alert').nth(1)).toHaveText('“check-cable” is not a conclusion of the checklist disk-failure v1.');
  // Nothing is saved while a field says what is wrong.
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-checklist-by-hand');

  await answers.fill('ask-symptom = 1\ncheck-cable = done');
  await succeeds.fill('disk-healthy');
  await expect(form.getByRole('alert')).toHaveCount(0);
  await page.keyboard.press('Control+Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Disk check written by hand');
  const record = page.getByRole('region', { name: 'Change record' });
  await expect(record.getByRole('heading', { name: /Checklist run unattended with its probes/ })).toBeVisible();
  await expect(record).toContainText('ask-symptom → Unreadable files, read errors, freezes, check-cable → done');
  await expect(record).toContainText('disk-healthy');
  await expect(page.getByRole('table', { name: 'Preview of the rollout' })).toContainText('checklist disk-failure v1, run unattended with its probes (answers: ask-symptom=1, check-cable=done)');

  // In French, the same rule says it in French at the field.
  await api(request, app, 'settings.update', { language: 'fr' });
  await go(page, '#/changes');
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Changements', level: 1 })).toBeVisible({ timeout: 30_000 });
  await page.keyboard.press('n');
  form = page.getByRole('dialog');
  await form.getByLabel('Procédure', { exact: true }).selectOption({ label: 'Checklist (sans personne)' });
  await form.getByLabel('Checklist (identifiant et version)').selectOption('disk-failure@1');
  await form.getByLabel(/^Réponses à la place d’une personne/).fill('ask-symptom = 7');
  await expect(form.getByRole('alert')).toHaveText('L’étape « ask-symptom » est une question : répondez par le numéro de l’une de ses 3 réponses (0 pour la première).');
  await expect(form).toContainText('ask-symptom : 0 = Bruits (cliquetis, grattements)');
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-checklist-by-hand-fr');
});
