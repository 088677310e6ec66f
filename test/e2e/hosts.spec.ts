import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, useSshdWithClientKey } from './helpers';

const box = useSshdWithClientKey();

/** What xterm shows, as text (the DOM renderer draws spaces as no-break spaces). */
async function screen(page: Page): Promise<string> {
  return (await page.locator('.terminal-panel:not([hidden]) .xterm-rows').innerText()).replace(/\u00a0/g, ' ');
}

async function run(page: Page, command: string, until: RegExp): Promise<string> {
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await expect.poll(() => screen(page), { timeout: 10_000 }).toMatch(until);
  return await screen(page);
}

test('add the local sshd as a host, accept its key, use a terminal; hostile escapes are contained', async ({ page }) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to apply/i.test(message.text())) cspViolations.push(message.text());
  });
  // Spy on the clipboard: every write the page makes is recorded instead of reaching the system.
  await page.addInitScript(() => {
    const writes: string[] = [];
    (window as unknown as { clipboardWrites: string[] }).clipboardWrites = writes;
    if (navigator.clipboard) {
      Object.defineProperty(navigator.clipboard, 'writeText', { value: async (text: string) => void writes.push(text), configurable: true });
    }
  });
  await page.reload();
  await page.goto(`${new URL(page.url()).origin}/#/hosts`);
  await expect(page.getByRole('heading', { name: 'Hosts', level: 1 })).toBeVisible();

  // Add the host, with the keyboard shortcut; a bad name is refused with the rule.
  await page.keyboard.press('n');
  const form = page.getByRole('dialog');
  await form.getByLabel('Name').fill('bad name');
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form.getByText('Letters, digits, dot, dash and underscore only')).toBeVisible();
  await form.getByLabel('Name').fill('testbox');
  await form.getByLabel('Address').fill(box.sshd.host);
  await form.getByLabel('User').fill(box.sshd.user);
  await form.getByLabel('Port').fill(String(box.sshd.port));
  await form.getByLabel('Private key file').fill(box.key.privateKeyFile);
  await form.getByLabel('Tags').fill('lab, e2e');
  await form.getByLabel('Client', { exact: true }).fill('Test bench');
  await form.getByLabel('Site', { exact: true }).fill('Lab 2');
  await form.getByRole('button', { name: 'Add host' }).click();
  await expect(form).toBeHidden();
  const row = page.locator('tr[data-host="testbox"]');
  await expect(row).toContainText(`${box.sshd.host}:${box.sshd.port}`);
  await expect(row).toContainText('atelier-test');
  await expect(row).toContainText('Lab 2');

  // Connect from the keyboard: the unknown key is shown as OpenSSH prints it.
  await row.focus();
  await page.keyboard.press('Enter');
  const prompt = page.getByTestId('host-key-prompt');
  await expect(prompt).toBeVisible();
  await expect(page.getByTestId('host-key-fingerprint')).toHaveText(`ED25519 key fingerprint is ${box.sshd.hostFingerprint()}.`);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Trust and connect' }).click();

  // A terminal tab opens on the shell.
  await expect(page.getByRole('tab', { name: /testbox/ })).toBeVisible();
  await expect.poll(() => screen(page), { timeout: 10_000 }).toMatch(/^\$/m);
  await page.locator('.terminal-panel:not([hidden]) .xterm-screen').click();
  const text = await run(page, 'uname -a', new RegExp(`Linux ${hostname()}`));
  expect(text).toContain('uname -a');

  // The PTY follows the window: a smaller viewport gives fewer columns on the remote side.
  const before = await run(page, 'stty size; echo SZ$((1+1))', /SZ2/);
  const [, rows1 = '0', cols1 = '0'] = /(\d+) (\d+)\s+SZ2/.exec(before) ?? [];
  await page.setViewportSize({ width: 1100, height: 820 });
  // The resize reaches the remote PTY after a debounce and a round trip: ask again until it shows
  // (a fixed wait is a guess on a loaded machine), each ask with its own marker.
  let rows2 = 0;
  let cols2 = 0;
  await expect.poll(async () => {
    const marker = `SZ${Date.now()}`;
    const after = await run(page, `clear; stty size; echo ${marker.slice(0, 2)}''${marker.slice(2)}`, new RegExp(marker));
    const size = /(\d+) (\d+)\s+SZ/.exec(after);
    rows2 = Number(size?.[1] ?? 0);
    cols2 = Number(size?.[2] ?? 0);
    return cols2;
  }, { timeout: 20_000 }).toBeLessThan(Number(cols1));
  expect(rows2).toBeGreaterThan(0);
  expect(Number(rows1)).toBeGreaterThan(0);
  await page.setViewportSize({ width: 1366, height: 820 });

  // Hostile output: OSC 52 clipboard write and a title change are swallowed by default.
  await run(page, `printf '\\033]52;c;aGVsbG8=\\a\\033]0;pwned\\a'; echo OSC$((40+2))`, /OSC42/);
  expect(await page.evaluate(() => (window as unknown as { clipboardWrites: string[] }).clipboardWrites)).toEqual([]);
  await expect(page.getByRole('tab', { name: /testbox/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: /pwned/ })).toHaveCount(0);
  // Control: once the user allows it, the same sequence does reach the clipboard (so the spy works).
  await page.getByLabel('Allow the remote to write the clipboard (OSC 52)').check();
  await page.locator('.terminal-panel:not([hidden]) .xterm-screen').click();
  await run(page, `printf '\\033]52;c;aGVsbG8=\\a'; echo OSC$((40+3))`, /OSC43/);
  expect(await page.evaluate(() => (window as unknown as { clipboardWrites: string[] }).clipboardWrites)).toEqual(['hello']);
  await page.getByLabel('Allow the remote to write the clipboard (OSC 52)').uncheck();

  // xterm's styles arrive through constructed stylesheets: theme colour applied, no CSP violation.
  expect(await page.locator('.xterm-rows').first().evaluate((el) => getComputedStyle(el).color)).toBe('rgb(230, 234, 240)');
  expect(cspViolations).toEqual([]);

  await page.locator('.terminal-panel:not([hidden]) .xterm-screen').click();
  await run(page, 'clear', /^\$/);
  await run(page, 'uname -a', new RegExp(`Linux ${hostname()}`));
  await expectAccessible(page);
  await saveScreenshot(page, 'hosts-terminal');

  // exit ends the session; the tab says so.
  await run(page, 'exit', /exit/);
  await expect(page.getByRole('status').filter({ hasText: 'session ended' })).toBeVisible();
});

test('import hosts from an OpenSSH config with a preview', async ({ page }) => {
  await page.goto(`${new URL(page.url()).origin}/#/hosts`);
  await page.keyboard.press('i');
  const dialog = page.getByRole('dialog');
  await dialog
    .getByLabel('Paste the content of ~/.ssh/config')
    .fill(['Host bastion', '  HostName 10.0.0.1', '  User admin', '', 'Host pc-compta', '  HostName 10.0.4.12', '  User support', '  ProxyJump bastion', '', 'Host *', '  ServerAliveInterval 30', ''].join('\n'));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('Will be added (2)')).toBeVisible();
  await dialog.getByLabel('Import bastion').uncheck();
  // pc-compta needs bastion: importing it alone fails as a whole, nothing is half-added.
  await dialog.getByRole('button', { name: 'Import 1 host(s)' }).click();
  await expect(dialog.getByRole('alert')).toContainText('bastion');
  await dialog.getByLabel('Import bastion').check();
  await dialog.getByRole('button', { name: 'Import 2 host(s)' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('tr[data-host="pc-compta"]')).toContainText('bastion');
  await expect(page.locator('tr[data-host="bastion"]')).toContainText('10.0.0.1');
  await expectAccessible(page);
});

test('a legacy host from an OpenSSH config carries its mark, and the editor shows what it allows', async ({ page }) => {
  await page.goto(`${new URL(page.url()).origin}/#/hosts`);
  await page.keyboard.press('i');
  const dialog = page.getByRole('dialog');
  await dialog
    .getByLabel('Paste the content of ~/.ssh/config')
    .fill(['Host old-switch  # the 2009 switch in the basement', '  HostName 10.0.5.2', '  User admin', '  HostKeyAlgorithms +ssh-rsa', '  KexAlgorithms +diffie-hellman-group14-sha1', '  Ciphers +aes128-cbc', ''].join('\n'));
  await dialog.getByRole('button', { name: 'Preview' }).click();
  await expect(dialog.getByText('Will be added (1)')).toBeVisible();
  await dialog.getByRole('button', { name: 'Import 1 host(s)' }).click();
  await expect(dialog).toBeHidden();
  const row = page.locator('tr[data-host="old-switch"]');
  await expect(row.getByText('legacy crypto')).toBeVisible();
  await expect(row.getByText('legacy crypto')).toHaveAttribute('title', 'Allows legacy algorithms: ssh-rsa, diffie-hellman-group14-sha1, aes128-cbc');
  await expectAccessible(page);
  await saveScreenshot(page, 'hosts-legacy-mark');

  await row.click();
  await page.keyboard.press('e');
  const editor = page.getByRole('dialog');
  await expect(editor.getByText('Legacy algorithms (old gear)')).toBeVisible();
  await expect(editor.getByRole('checkbox', { name: 'ssh-rsa' })).toBeChecked();
  await expect(editor.getByRole('checkbox', { name: 'diffie-hellman-group14-sha1' })).toBeChecked();
  await expect(editor.getByRole('checkbox', { name: 'aes128-cbc' })).toBeChecked();
  await expect(editor.getByRole('checkbox', { name: '3des-cbc' })).not.toBeChecked();
  await expectAccessible(page);
  await saveScreenshot(page, 'hosts-legacy-editor');
  // Unticking every name takes the mark away: the host is back to the defaults.
  for (const name of ['ssh-rsa', 'diffie-hellman-group14-sha1', 'aes128-cbc']) await editor.getByRole('checkbox', { name }).uncheck();
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toBeHidden();
  await expect(row.getByText('legacy crypto')).toHaveCount(0);
});

test('the trust prompt names the certificate authorities trusted for the host', async ({ page, request, app }) => {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'team-ca', '-f', join(box.dir, 'team-ca')]);
  const ca = readFileSync(join(box.dir, 'team-ca.pub'), 'utf8').trim();
  await api(request, app, 'knownHosts.import', { text: `@cert-authority [127.0.0.1]:* ${ca}\n` });
  await api(request, app, 'hosts.add', { name: 'ca-box', address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth: { method: 'key', keyFile: box.key.privateKeyFile } });
  await page.goto(`${new URL(page.url()).origin}/#/hosts`);
  const row = page.locator('tr[data-host="ca-box"]');
  await row.focus();
  await page.keyboard.press('Enter');
  const prompt = page.getByTestId('host-key-prompt');
  await expect(prompt).toBeVisible();
  const caFingerprint = execFileSync('ssh-keygen', ['-lf', join(box.dir, 'team-ca.pub')], { encoding: 'utf8' }).split(' ')[1]!;
  await expect(page.getByTestId('host-key-cas')).toContainText(`ssh-ed25519 ${caFingerprint}`);
  await expect(prompt).toContainText('no valid certificate of it vouches for this key');
  await expectAccessible(page);
  await saveScreenshot(page, 'hosts-key-prompt-ca');
});
