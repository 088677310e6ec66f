/**
 * Changes (issue 14), end to end over real SSH: create a change from a template, approve it as an N2, roll
 * it out to three workstations (three sshd, each with its own working folder), see one fail, roll it back.
 */
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { disposeSshd, generateKeyPair, startSshd, userIds, type KeyPair, type Sshd } from '../setup/sshd';
import { expect, expectAccessible, saveScreenshot, SCREENSHOT_DIR, test } from './fixtures';
import { api, go } from './helpers';

const HOSTS = ['ws-a', 'ws-b', 'ws-c'];
const sshds: Sshd[] = [];
const folders: Record<string, string> = {};
let dir: string;
let key: KeyPair;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-e2e-changes-'));
  // The test user walks through it to each workstation's folder.
  chmodSync(dir, 0o755);
  key = generateKeyPair(dir, 'client');
  const { uid, gid } = userIds();
  for (const name of HOSTS) {
    const folder = join(dir, name);
    mkdirSync(folder, { mode: 0o755 });
    // ws-c has no app.conf: the procedure fails there.
    if (name !== 'ws-c') writeFileSync(join(folder, 'app.conf'), 'mode=old\n');
    chownSync(folder, uid, gid);
    if (existsSync(join(folder, 'app.conf'))) chownSync(join(folder, 'app.conf'), uid, gid);
    folders[name] = folder;
    // Each workstation works in its own folder, as if it were its own machine.
    const sshd = await startSshd({ extraConfig: [`ForceCommand cd ${folder} && exec sh -c "$SSH_ORIGINAL_COMMAND"`] });
    sshd.authorize(key.publicKey);
    sshds.push(sshd);
  }
});
test.afterAll(async () => {
  for (const sshd of sshds) await disposeSshd(sshd);
  rmSync(dir, { recursive: true, force: true });
});

test('create a change from a template, approve it as N2, roll it out to three hosts, see one fail, roll it back', async ({ page, app, request }) => {
  // Three sshd, two rollouts and four axe runs: minutes on a busy 2-core machine.
  test.setTimeout(420_000);
  await api(request, app, 'settings.update', { technician: 'marc', level: 'N2', welcomed: true, language: 'en' });
  const knownHosts: string[] = [];
  for (const [i, name] of HOSTS.entries()) {
    const sshd = sshds[i]!;
    await api(request, app, 'hosts.add', { name, address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } });
    const [type, blob] = sshd.hostPublicKey.split(/\s+/);
    knownHosts.push(`[${sshd.host}]:${sshd.port} ${type} ${blob}`);
  }
  await api(request, app, 'knownHosts.import', { text: `${knownHosts.join('\n')}\n` });
  // ws-b and ws-c are chosen by their tag, not by name.
  for (const name of ['ws-b', 'ws-c']) await api(request, app, 'hosts.update', { name, patch: { tags: ['accounting'] } });

  await go(page, '#/changes');
  await expect(page.getByRole('heading', { name: 'Changes', level: 1 })).toBeVisible();
  await expectAccessible(page);

  // A new change from the keyboard, from a template that is not pre-approved.
  await page.keyboard.press('n');
  const form = page.getByRole('dialog');
  await form.getByLabel('Template').selectOption({ label: 'Set a configuration line' });
  await form.getByLabel('Title').fill('Proxy line on the accounting floor');
  await form.getByLabel('Hosts', { exact: false }).fill('ws-a');
  await form.getByLabel('Tags', { exact: false }).fill('accounting, printers');
  await form.getByLabel('File (FILE)').fill('app.conf');
  await form.getByLabel('Line (LINE)').fill('proxy=http://10.0.0.1:3128');
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-new-form');
  await form.getByRole('button', { name: 'Create the change' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Proxy line on the accounting floor');
  await expect(page.getByText('Waiting for approval', { exact: true })).toBeVisible();
  await expect(page.getByText(/Not ready to roll out: .*waiting for its approval/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Roll out' })).toBeDisabled();

  // Approve as N2: who and level are on the record.
  await page.getByLabel('Note (optional)').fill('tonight, accounting is closed');
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved by marc (N2) — tonight, accounting is closed')).toBeVisible();
  const preview = page.getByRole('table', { name: 'Preview of the rollout' });
  await expect(preview.getByRole('row')).toHaveCount(4);
  await expect(preview.getByRole('row', { name: /ws-c/ })).toContainText('tag accounting');
  await expect(page.getByText('Chooses nothing: no host has the tag "printers"')).toBeVisible();
  // At 1366 px the two number fields keep their label above a box wide enough for a few digits.
  for (const label of ['Hosts at once after the canary', 'Failures allowed before it stops']) {
    const box = (await page.getByLabel(label).boundingBox())!;
    const text = (await page.locator('.rollout-number > span', { hasText: label }).boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(text.y + text.height - 1);
    expect(box.width).toBeGreaterThan(60);
    expect(text.height).toBeLessThan(24);
  }
  await page.locator('form.rollout-form').screenshot({ path: join(SCREENSHOT_DIR, 'changes-rollout-form.png') });
  await expect(preview).toContainText("LINE='\\''proxy=http://10.0.0.1:3128'\\''; export LINE\ntest -f");

  // Roll out: the canary, then a wave of two; ws-c fails, one failure is allowed.
  await page.getByLabel('Hosts at once after the canary').fill('2');
  await page.getByLabel('Failures allowed before it stops').fill('1');
  await page.getByRole('button', { name: 'Roll out' }).click();
  const results = page.getByRole('table', { name: 'Per-host results' });
  await expect(results.locator('tr[data-host="ws-c"].host-failed')).toContainText('no file app.conf', { timeout: 60_000 });
  // One host failed within the threshold: the heading says so (not a plain "Completed").
  await expect(page.getByRole('heading', { name: /Rollout of .*: Completed with 1 failure$/ })).toBeVisible({ timeout: 60_000 });
  await expect(results.locator('tr[data-host="ws-c"].host-failed')).toContainText('Download ws-c-run-');
  await expect(results.locator('tr[data-host="ws-a"].host-succeeded')).toHaveCount(2);
  expect(readFileSync(join(folders['ws-b']!, 'app.conf'), 'utf8')).toBe('mode=old\nproxy=http://10.0.0.1:3128\n');

  // Roll back: only the failed host.
  await page.getByRole('button', { name: 'Roll back the failed hosts' }).click();
  await expect(results.locator('tr[data-host="ws-c"]', { hasText: 'Rollback' })).toContainText('nothing to restore for app.conf', { timeout: 60_000 });
  await expect(results.locator('tr', { hasText: 'Rollback' })).toHaveCount(1);
  // A rollback is on demand, after the waves: no wave number.
  await expect(results.locator('tr', { hasText: 'Rollback' }).locator('td').nth(1)).toHaveText('–');
  expect(readFileSync(join(folders['ws-a']!, 'app.conf'), 'utf8')).toContain('proxy=');
  await expect(page.getByRole('button', { name: 'Roll back the failed hosts' })).toBeHidden();
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-rollout');
  await page.getByRole('region', { name: /^Rollout of / }).screenshot({ path: join(SCREENSHOT_DIR, 'changes-rollout-results.png') });

  // The host's page lists the change and how it went there.
  await go(page, '#/hosts/ws-c/files');
  const history = page.getByRole('table', { name: 'Changes rolled out on this host' });
  await expect(history).toContainText('Proxy line on the accounting floor');
  await expect(history.getByRole('row').nth(1)).toContainText('Rollback');
  await expect(history.getByRole('row').nth(1)).toContainText('Succeeded');
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-on-host-page');

  // The dashboard counts it: rolled out with a host failed, so not a success, and rolled back on that host.
  await go(page, '#/reports');
  const changeFigure = (label: string) => page.locator('.figure').filter({ has: page.locator('.figure-label', { hasText: new RegExp(`^${label}$`) }) });
  await expect(changeFigure('Change success rate').locator('.figure-value')).toHaveText('0 %');
  await expect(changeFigure('Failed changes rolled back').locator('.figure-value')).toHaveText('100 %');
  await expect(changeFigure('Failed changes rolled back')).toContainText('1 of 1 failed changes · hosts rolled back: 1');
  await expect(changeFigure('Emergency changes').locator('.figure-value')).toHaveText('0 %');
  await page.getByRole('heading', { level: 2, name: 'Changes' }).scrollIntoViewIfNeeded();
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-on-dashboard');

  // The list tells where each change stands; the French UI says it too.
  await go(page, '#/changes');
  await expect(page.getByRole('table', { name: 'Change records' })).toContainText('Approved');
  await api(request, app, 'settings.update', { language: 'fr' });
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 30_000 });
  await expect(page.getByRole('heading', { name: 'Changements', level: 1 })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('table', { name: 'Fiches de changement' })).toContainText('Approuvé');
  await expectAccessible(page);
  await saveScreenshot(page, 'changes-list-fr');
});
