import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectAccessible, saveScreenshot, test, pressSequence } from './fixtures';
import { api, go, useSshdWithClientKey } from './helpers';
import { freePort } from '../setup/sshd';

const box = useSshdWithClientKey();

const plan = (errors: string, clean: string) => `id: e2e-fleet
version: 1
title: { fr: Parc du client, en: Client fleet }
checks:
  - id: compta-log
    title: { fr: Journal compta, en: Accounting log }
    probe: log.grep
    args: { source: ${errors}, pattern: "ERROR" }
    every: 1h
    applies_to: { hosts: [poste-compta] }
    value: matches
    fail: { field: matches, op: ">", value: 0 }
  - id: accueil-log
    title: { fr: Journal accueil, en: Front desk log }
    probe: log.grep
    args: { source: ${clean}, pattern: "ERROR" }
    every: 1h
    applies_to: { hosts: [poste-accueil, poste-eteint] }
    value: matches
    fail: { field: matches, op: ">", value: 0 }
`;

test('the Health view shows the failing host, its at-risk entry opens its ticket; keyboard, French, accessible', async ({ page, app }) => {
  test.setTimeout(180_000);
  const errors = join(box.sshd.userDir, 'compta.log');
  const clean = join(box.sshd.userDir, 'accueil.log');
  writeFileSync(errors, '2026-12-07 07:00 ERROR backup to NAS failed\n', { mode: 0o644 });
  writeFileSync(clean, 'all good\n', { mode: 0o644 });
  const auth = { method: 'key', keyFile: box.key.privateKeyFile, hasPassphrase: false };
  for (const name of ['poste-compta', 'poste-accueil']) {
    await api(page.request, app, 'hosts.add', { name, address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth, osFamily: 'linux' });
  }
  await api(page.request, app, 'hosts.add', { name: 'poste-eteint', address: '127.0.0.1', port: await freePort(), user: box.sshd.user, auth, osFamily: 'linux' });
  await api(page.request, app, 'knownHosts.import', { text: `[${box.sshd.host}]:${box.sshd.port} ${box.sshd.hostPublicKey.trim()}\n` });
  await api(page.request, app, 'settings.update', { level: 'N2' });
  await api(page.request, app, 'checks.savePlan', { yaml: plan(errors, clean), source: 'e2e-fleet.yaml', enable: true });

  // g v reaches the view from anywhere; l runs the round.
  await pressSequence(page, 'g', 'v');
  await expect(page.getByRole('heading', { level: 1, name: 'Health' })).toBeVisible();
  await expect(page.getByText('Plan: Client fleet (version 1)')).toBeVisible();
  await page.keyboard.press('l');
  const grid = page.getByRole('table', { name: 'Last status of each check on each host' });
  const compta = grid.getByRole('row', { name: /poste-compta/ });
  await expect(compta).toContainText('Failing', { timeout: 60_000 });
  await expect(grid.getByRole('row', { name: /poste-accueil/ })).toContainText('OK');
  await expect(grid.getByRole('row', { name: /poste-eteint/ })).toContainText('Unreachable');
  const atRisk = page.getByRole('table', { name: /^At-risk checks/ });
  const riskRow = atRisk.getByRole('row', { name: /poste-compta/ });
  await expect(riskRow).toContainText('Failing');
  await expect(riskRow.getByRole('link', { name: 'Open ticket' })).toBeVisible();
  // The host that could not be reached says when it is tried again, here as in the grid.
  await expect(atRisk.getByRole('row', { name: /poste-eteint/ })).toContainText(/Unreachable.*next try at /);
  await expectAccessible(page);
  await saveScreenshot(page, 'health-failing-host');

  // Filter from the keyboard, then Enter on the failing host opens its incident.
  await page.keyboard.press('/');
  await page.keyboard.type('compta');
  await expect(grid.getByRole('row', { name: /poste-accueil/ })).toBeHidden();
  await page.keyboard.press('Enter');
  await expect(compta).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /poste-compta: Accounting log/ })).toBeVisible();

  // The same screen in French.
  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.goto(`${app.url}#/health`);
  await expect(page.getByRole('heading', { level: 1, name: 'Santé' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Dernier état de chaque contrôle sur chaque poste' }).getByRole('row', { name: /poste-compta/ })).toContainText('En échec');
  await expect(page.getByRole('row', { name: /poste-eteint/ }).first()).toContainText('Injoignable');
  await expect(page.getByRole('table', { name: /^Contrôles à risque/ }).getByRole('row', { name: /poste-eteint/ })).toContainText(/Injoignable.*prochain essai le /);
  await expectAccessible(page);
  await saveScreenshot(page, 'health-failing-host-fr');
  await go(page, '#/queue');
});

const diskPlan = `id: e2e-disks
version: 1
title: { fr: Disques, en: Disks }
checks:
  - id: system-disk
    title: { fr: Disque système, en: System disk }
    probe: disk.free
    args: { mount: / }
    every: 1h
    value: free_percent
    # A threshold the test server's own disk cannot pass: the check fails, as a full disk's would.
    fail: { field: free_percent, op: "<=", value: 100 }
`;

test('the ticket a failing disk check opens, reached from the Health view, suggests the disk checklist first; keyboard, French, accessible', async ({ page, app }) => {
  test.setTimeout(180_000);
  const auth = { method: 'key', keyFile: box.key.privateKeyFile, hasPassphrase: false };
  await api(page.request, app, 'hosts.add', { name: 'poste-disque', address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth, osFamily: 'linux' });
  await api(page.request, app, 'knownHosts.import', { text: `[${box.sshd.host}]:${box.sshd.port} ${box.sshd.hostPublicKey.trim()}\n` });
  await api(page.request, app, 'settings.update', { level: 'N2' });
  await api(page.request, app, 'checks.savePlan', { yaml: diskPlan, source: 'e2e-disks.yaml', enable: true });

  await pressSequence(page, 'g', 'v');
  await page.keyboard.press('l');
  const atRisk = page.getByRole('table', { name: /^At-risk checks/ });
  const riskRow = atRisk.getByRole('row', { name: /poste-disque/ });
  await expect(riskRow).toContainText('Failing', { timeout: 60_000 });
  await expect(riskRow.getByRole('link', { name: 'Open ticket' })).toBeVisible();
  await riskRow.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /poste-disque: System disk/ })).toBeVisible();

  // The incident is in the disk category: its checklist panel offers the disk checklist first, chosen.
  const panel = page.getByRole('region', { name: 'Guided diagnosis' });
  const chooser = panel.getByLabel(/Checklist/);
  await expect(chooser).toHaveValue('disk-failure');
  await expect(chooser.locator('optgroup').first()).toHaveAttribute('label', /^Suggested for /);
  await expect(chooser.locator('option').first()).toHaveText(/Suspected disk failure/);
  await page.keyboard.press('d');
  await expect(chooser).toBeFocused();
  await expectAccessible(page);
  await saveScreenshot(page, 'health-ticket-suggests-checklist');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.reload();
  const panneau = page.getByRole('region', { name: 'Diagnostic guidé' });
  await expect(panneau.getByLabel(/Procédure/)).toHaveValue('disk-failure');
  await expect(panneau.getByLabel(/Procédure/).locator('option').first()).toHaveText(/Défaillance de disque suspectée/);
  await expectAccessible(page);
});
