import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, expectAccessible, saveScreenshot, test, pressSequence } from './fixtures';
import type { Page } from '@playwright/test';
import { api, useSshdWithClientKey } from './helpers';
import type { ServeProcess } from '../setup/serve-process';

const box = useSshdWithClientKey();

test.use({ permissions: ['notifications'] });

declare global {
  interface Window {
    __notices: { title: string; body: string; notice: Notification }[];
    __permissionAsked: number;
  }
}

const plan = (log: string) => `id: e2e-notify
version: 1
title: { fr: Parc, en: Fleet }
checks:
  - id: app-log
    title: { fr: Journal appli, en: App log }
    probe: log.grep
    args: { source: ${log}, pattern: "ERROR" }
    every: 1h
    applies_to: { hosts: [poste-caisse] }
    value: matches
    fail: { field: matches, op: ">", value: 0 }
`;

/** Records every notification made and every permission request, keeping the browser's own behaviour. */
async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__notices = [];
    window.__permissionAsked = 0;
    const Original = window.Notification;
    window.Notification = new Proxy(Original, {
      construct(target, args: [string, NotificationOptions?]) {
        const notice = Reflect.construct(target, args) as Notification;
        window.__notices.push({ title: args[0], body: args[1]?.body ?? '', notice });
        return notice;
      },
      get(target, property) {
        if (property === 'requestPermission') {
          return () => {
            window.__permissionAsked++;
            return Original.requestPermission();
          };
        }
        return Reflect.get(target, property, target) as unknown;
      },
    });
  });
}

/** The test sshd as poste-caisse, checked by the plan above (enabled) on `log`. */
async function addHostWithPlan(page: Page, app: ServeProcess, log: string): Promise<void> {
  const auth = { method: 'key', keyFile: box.key.privateKeyFile, hasPassphrase: false };
  await api(page.request, app, 'hosts.add', { name: 'poste-caisse', address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth, osFamily: 'linux' });
  await api(page.request, app, 'knownHosts.import', { text: `[${box.sshd.host}]:${box.sshd.port} ${box.sshd.hostPublicKey.trim()}\n` });
  await api(page.request, app, 'settings.update', { level: 'N2' });
  await api(page.request, app, 'checks.savePlan', { yaml: plan(log), source: 'e2e-notify.yaml', enable: true });
}

test('a check that starts failing gives one desktop notification, asked for politely, that opens its ticket', async ({ page, app }) => {
  test.setTimeout(180_000);
  await recordNotifications(page);
  const log = join(box.sshd.userDir, 'caisse.log');
  writeFileSync(log, 'all good\n', { mode: 0o644 });
  await addHostWithPlan(page, app, log);

  await page.goto(`${app.url}#/health`);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  const grid = page.getByRole('table', { name: 'Last status of each check on each host' });
  await page.keyboard.press('l');
  await expect(grid.getByRole('row', { name: /poste-caisse/ })).toContainText('OK', { timeout: 60_000 });

  // Nothing is asked on load; the button asks once, then turns into the way back.
  expect(await page.evaluate(() => window.__permissionAsked)).toBe(0);
  await page.getByRole('button', { name: 'Notify me of new failures' }).click();
  await expect(page.getByRole('button', { name: 'Stop failure notifications' })).toBeVisible();
  expect(await page.evaluate(() => window.__permissionAsked)).toBe(1);
  await expectAccessible(page);
  await saveScreenshot(page, 'health-notify-on');

  // The check starts failing while the person is on another screen: one notification, in English.
  await pressSequence(page, 'g', 'q');
  appendFileSync(log, '2026-12-07 08:00 ERROR card reader offline\n');
  await api(page.request, app, 'checks.runRound', { all: true });
  await expect.poll(() => page.evaluate(() => window.__notices.length), { timeout: 60_000 }).toBe(1);
  const notice = await page.evaluate(() => ({ title: window.__notices[0]!.title, body: window.__notices[0]!.body }));
  expect(notice.title).toBe('poste-caisse: App log is failing');
  expect(notice.body).toContain('Last value: 1');

  // Still failing on the next round: not new, no second notification.
  const lastAt = async () => (await api<{ cells: { checkId: string; atMs: number }[] }>(page.request, app, 'checks.overview', {})).cells.find((c) => c.checkId === 'app-log')!.atMs;
  const before = await lastAt();
  await api(page.request, app, 'checks.runRound', { all: true });
  await expect.poll(lastAt, { timeout: 60_000 }).toBeGreaterThan(before);
  // The page hears of the change within a tick of the store; leave it room to (wrongly) announce again.
  await page.waitForTimeout(3_000);
  expect(await page.evaluate(() => window.__notices.length)).toBe(1);

  // Clicking it opens the incident the failure opened.
  await page.evaluate(() => window.__notices[0]!.notice.dispatchEvent(new Event('click')));
  await expect(page.getByRole('heading', { level: 1, name: /poste-caisse: App log/ })).toBeVisible();
});

test('a flapping check is marked in the grid, in French too, and its flips are not announced one by one', async ({ page, app }) => {
  test.setTimeout(240_000);
  await recordNotifications(page);
  const log = join(box.sshd.userDir, 'flaky.log');
  writeFileSync(log, 'all good\n', { mode: 0o644 });
  await addHostWithPlan(page, app, log);
  await page.goto(`${app.url}#/health`);
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await page.getByRole('button', { name: 'Notify me of new failures' }).click();
  await expect(page.getByRole('button', { name: 'Stop failure notifications' })).toBeVisible();

  type Overview = { cells: { checkId: string; atMs: number; status: string }[] };
  const cell = async () => (await api<Overview>(page.request, app, 'checks.overview', {})).cells.find((c) => c.checkId === 'app-log');
  const grid = page.getByRole('table', { name: 'Last status of each check on each host' });
  // pass, fail, pass, fail, pass, fail: the fifth reading is the fourth change, past the limit of three.
  for (const [i, failing] of [false, true, false, true, false, true].entries()) {
    writeFileSync(log, failing ? 'ERROR card reader offline\n' : 'all good\n');
    const before = (await cell())?.atMs ?? 0;
    await api(page.request, app, 'checks.runRound', { all: true });
    await expect.poll(async () => (await cell())?.atMs ?? 0, { timeout: 60_000 }).toBeGreaterThan(before);
    await expect(grid.getByRole('row', { name: /poste-caisse/ })).toContainText(failing ? 'Failing' : 'OK');
    if (i === 3) await expect.poll(() => page.evaluate(() => window.__notices.length), { timeout: 30_000 }).toBe(2);
  }
  const row = grid.getByRole('row', { name: /poste-caisse/ });
  await expect(row).toContainText('Flapping');
  // The sixth reading fails again, but the check is flapping: no third notification.
  await page.waitForTimeout(3_000);
  expect(await page.evaluate(() => window.__notices.length)).toBe(2);
  await expectAccessible(page);
  await saveScreenshot(page, 'health-flapping');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.goto(`${app.url}#/health`);
  await expect(page.getByRole('table', { name: 'Dernier état de chaque contrôle sur chaque poste' }).getByRole('row', { name: /poste-caisse/ })).toContainText('Instable');
  await expect(page.getByRole('button', { name: 'Ne plus prévenir des échecs' })).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'health-flapping-fr');
});
