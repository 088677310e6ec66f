import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectAccessible, pressSequence, saveScreenshot, test } from './fixtures';
import { api, useSshdWithClientKey } from './helpers';
import type { HealthOverview } from '../../shared/contract';

const box = useSshdWithClientKey();

const plan = (errors: string, clean: string, version = 1, every = '1h') => `id: e2e-sites
version: ${version}
title: { fr: Agences, en: Branches }
checks:
  - id: compta-log
    title: { fr: Journal compta, en: Accounting log }
    probe: log.grep
    args: { source: ${errors}, pattern: "ERROR" }
    every: ${every}
    applies_to: { sites: [Lyon], tags: [compta] }
    value: matches
    fail: { field: matches, op: ">", value: 0 }
  - id: accueil-log
    title: { fr: Journal accueil, en: Front desk log }
    probe: log.grep
    args: { source: ${clean}, pattern: "ERROR" }
    every: 1h
    value: matches
    fail: { field: matches, op: ">", value: 0 }
`;

test('the Health grid sorts and filters by site and tag, shows a host\'s sparklines, and the plan editor checks and saves; keyboard, French, accessible', async ({ page, app }) => {
  // Three rounds over SSH, two languages and six accessibility scans: over 4 min seen at load 30.
  test.setTimeout(420_000);
  const errors = join(box.sshd.userDir, 'sites-compta.log');
  const clean = join(box.sshd.userDir, 'sites-accueil.log');
  writeFileSync(errors, '', { mode: 0o644 });
  writeFileSync(clean, 'all good\n', { mode: 0o644 });
  const auth = { method: 'key', keyFile: box.key.privateKeyFile, hasPassphrase: false };
  const where = { address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth, osFamily: 'linux' };
  await api(page.request, app, 'hosts.add', { ...where, name: 'lyon-compta', site: 'Lyon', tags: ['compta'] });
  await api(page.request, app, 'hosts.add', { ...where, name: 'lyon-accueil', site: 'Lyon', tags: ['accueil'] });
  await api(page.request, app, 'hosts.add', { ...where, name: 'paris-compta', site: 'Paris', tags: ['compta'] });
  await api(page.request, app, 'knownHosts.import', { text: `[${box.sshd.host}]:${box.sshd.port} ${box.sshd.hostPublicKey.trim()}\n` });
  await api(page.request, app, 'settings.update', { level: 'N2' });
  await api(page.request, app, 'checks.savePlan', { yaml: plan(errors, clean), source: 'e2e-sites.yaml', enable: true });

  // Three rounds, one more error line each time: the accounting log's sparkline rises 1, 2, 3.
  for (let round = 1; round <= 3; round++) {
    appendFileSync(errors, `2026-12-07 0${round}:00 ERROR export failed\n`);
    await api(page.request, app, 'checks.runRound', { all: true });
    await expect
      .poll(async () => {
        const overview = await api<HealthOverview>(page.request, app, 'checks.overview', {});
        return overview.cells.find((c) => c.host === 'lyon-compta' && c.checkId === 'compta-log')?.recent.length ?? 0;
      }, { timeout: 60_000 })
      .toBe(round);
  }

  await pressSequence(page, 'g', 'v');
  const grid = page.getByRole('table', { name: 'Last status of each check on each host' });
  const hostNames = () => grid.locator('tbody th[scope="row"]').allTextContents();
  await expect(grid.getByRole('row', { name: /lyon-compta/ })).toContainText('Failing');
  // Only the Lyon accounting host gets the Lyon accounting check: the Paris one has none.
  await expect(grid.getByRole('row', { name: /paris-compta/ }).locator('td').nth(2)).toHaveText('—');
  expect(await hostNames()).toEqual(['lyon-accueil', 'lyon-compta', 'paris-compta']);

  // Sorting from the keyboard: worst first, then host names Z to A.
  await page.getByRole('button', { name: 'Worst', exact: true }).focus();
  await page.keyboard.press('Enter');
  expect(await hostNames()).toEqual(['lyon-compta', 'lyon-accueil', 'paris-compta']);
  await expect(grid.getByRole('columnheader', { name: 'Worst' })).toHaveAttribute('aria-sort', 'descending');
  await page.getByRole('button', { name: 'Host', exact: true }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  expect(await hostNames()).toEqual(['paris-compta', 'lyon-compta', 'lyon-accueil']);

  // Filters: by site, then by tag.
  await page.getByLabel('Site', { exact: true }).selectOption('Paris');
  expect(await hostNames()).toEqual(['paris-compta']);
  await page.getByLabel('Site', { exact: true }).selectOption('');
  await page.getByLabel('Tag', { exact: true }).selectOption('compta');
  expect(await hostNames()).toEqual(['paris-compta', 'lyon-compta']);
  await expect(page.getByText('2 of 3 hosts shown')).toBeVisible();

  // Choosing a host row shows its checks, each with a sparkline and its text alternative.
  await grid.getByRole('row', { name: /lyon-compta/ }).click();
  await expect(page.getByRole('heading', { name: 'Checks of lyon-compta' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Last value 3, rising over 3 readings' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Last value 0, steady over 3 readings' })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'health-grid-sparklines');

  // The plan editor: `e`, an error shown by line and field as one types, Ctrl+Enter saves the fixed plan.
  await grid.getByRole('row', { name: /lyon-compta/ }).focus();
  await page.keyboard.press('e');
  const yaml = page.getByLabel('Plan (YAML)');
  await expect(yaml).toBeFocused();
  await expect(yaml).toHaveValue(plan(errors, clean));
  await yaml.fill(plan(errors, clean, 2, 'soon'));
  await expect(page.getByRole('list', { name: 'Problems in the plan' })).toContainText('line 9, checks[0].every: every: a duration');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText(/e2e-sites\.yaml:9:12: checks\[0\]\.every/).first()).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'health-plan-editor');
  await yaml.fill(plan(errors, clean, 2, '2h'));
  await expect(page.getByText('No problem: this plan can be saved.')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Saved: plan e2e-sites, version 2.')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByText('Plan: Branches (version 2)')).toBeVisible();

  // The same in French.
  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.goto(`${app.url}#/health`);
  await expect(page.getByRole('heading', { level: 1, name: 'Santé' })).toBeVisible();
  await page.getByRole('table', { name: 'Dernier état de chaque contrôle sur chaque poste' }).getByRole('row', { name: /lyon-compta/ }).click();
  await expect(page.getByRole('img', { name: 'Dernière valeur 3, en hausse sur 3 mesures' })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'health-grid-sparklines-fr');
  await page.keyboard.press('e');
  await page.getByLabel('Plan (YAML)').fill(plan(errors, clean, 3, 'bientôt'));
  await expect(page.getByRole('list', { name: 'Problèmes du plan' })).toContainText('ligne 9, checks[0].every : every : une durée comme 30s, 15m, 6h ou 1d, entre 60 s et 30 j');
  await expectAccessible(page);
  await saveScreenshot(page, 'health-plan-editor-fr');
});
