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
  await expectAccessible(page);
  await saveScreenshot(page, 'health-failing-host-fr');
  await go(page, '#/queue');
});
