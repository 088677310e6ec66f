import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go, useSshdWithClientKey } from './helpers';

type App = { origin: string; secret: string };
const HOST = 'testbox';

const box = useSshdWithClientKey();

async function addHost(request: APIRequestContext, app: App, trusted: boolean): Promise<void> {
  await api(request, app, 'hosts.add', { name: HOST, address: box.sshd.host, port: box.sshd.port, user: box.sshd.user, auth: { method: 'key', keyFile: box.key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
  if (trusted) await api(request, app, 'knownHosts.import', { text: `[${box.sshd.host}]:${box.sshd.port} ${box.sshd.hostPublicKey.trim()}\n` });
}

test('files: trust the key, browse, make a folder, upload, download, delete — from the keyboard', async ({ page, app, request }) => {
  test.setTimeout(150_000);
  await addHost(request, app, false);
  const downloads = join(box.dir, `downloads-${Date.now()}`);
  await go(page, '#/hosts');
  const row = page.locator('tr[data-host="testbox"]');
  await expect(row).toBeVisible();
  await row.focus();
  await page.keyboard.press('f');

  // The SFTP session meets the unknown host key: the same prompt as for a terminal.
  await expect(page.getByTestId('host-key-fingerprint')).toHaveText(`ED25519 key fingerprint is ${box.sshd.hostFingerprint()}.`);
  await page.getByRole('button', { name: 'Trust and connect' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Host testbox' })).toBeVisible();
  const pathBar = page.getByLabel('Remote folder');
  await expect(pathBar).toHaveValue(/^\//);

  // Path bar: type, Enter.
  await pathBar.fill(box.sshd.userDir);
  await pathBar.press('Enter');
  await expect(page.getByText('This folder is empty.')).toBeVisible();

  // New folder: validation, then creation.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('n');
  const mkdir = page.getByRole('dialog', { name: `New folder in ${box.sshd.userDir}` });
  await expect(mkdir).toBeVisible();
  await mkdir.getByLabel('Folder name').fill('a/b');
  await mkdir.getByRole('button', { name: 'Create' }).click();
  await expect(mkdir.getByText('A name cannot contain "/" or "\\".')).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-files-mkdir');
  await mkdir.getByLabel('Folder name').fill('depot');
  await page.keyboard.press('Enter');
  await expect(mkdir).toBeHidden();
  const depot = page.locator('tr[data-entry="depot"]');
  await expect(depot).toContainText('Folder');

  // Enter opens the folder; upload a small file chosen in the window.
  await depot.focus();
  await page.keyboard.press('Enter');
  await expect(pathBar).toHaveValue(join(box.sshd.userDir, 'depot'));
  const content = 'Rapport de la visite du 23/11\n'.repeat(50);
  await page.getByTestId('upload-input').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from(content) });
  await expect(page.getByTestId('remote-job').filter({ hasText: 'Uploading note.txt' })).toContainText(`Uploaded to ${join(box.sshd.userDir, 'depot', 'note.txt')}`);
  const note = page.locator('tr[data-entry="note.txt"]');
  await expect(note).toContainText('1.5 KiB');
  expect(readFileSync(join(box.sshd.userDir, 'depot', 'note.txt'), 'utf8')).toBe(content);

  // Download to a chosen folder on this computer.
  await page.getByRole('button', { name: 'Change' }).click();
  await page.getByLabel('Download folder on this computer').fill(downloads);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('download-folder')).toHaveText(downloads);
  await note.focus();
  await page.keyboard.press('Enter');
  const saved = join(downloads, 'note.txt');
  await expect(page.getByTestId('remote-job').filter({ hasText: 'Downloading note.txt' })).toContainText(`Saved to ${saved}`);
  expect(readFileSync(saved, 'utf8')).toBe(content);
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-files');

  // A folder with a file in it is not deleted; the message says why.
  await note.focus();
  await page.keyboard.press('Backspace');
  await expect(pathBar).toHaveValue(box.sshd.userDir);
  await depot.focus();
  await page.keyboard.press('Delete');
  const confirmFolder = page.getByRole('dialog', { name: `Delete ${join(box.sshd.userDir, 'depot')}?` });
  await expect(confirmFolder).toContainText('Only an empty folder can be deleted');
  await page.keyboard.press('Enter');
  await expect(confirmFolder.getByRole('alert')).toContainText('it is not empty (1 item(s))');
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-files-delete');
  await page.keyboard.press('Escape');
  await expect(confirmFolder).toBeHidden();

  // Delete the file, then the empty folder, with confirmation each time.
  await depot.focus();
  await page.keyboard.press('Enter');
  await note.focus();
  await page.keyboard.press('Delete');
  const confirmFile = page.getByRole('dialog', { name: `Delete ${join(box.sshd.userDir, 'depot', 'note.txt')}?` });
  await expect(confirmFile).toContainText('This cannot be undone');
  await page.keyboard.press('Enter');
  await expect(confirmFile).toBeHidden();
  await expect(note).toHaveCount(0);
  await expect(page.getByText('This folder is empty.')).toBeVisible();
  await page.getByRole('button', { name: 'Up', exact: true }).click();
  await depot.focus();
  await page.keyboard.press('Delete');
  await page.keyboard.press('Enter');
  await expect(depot).toHaveCount(0);
  expect(existsSync(join(box.sshd.userDir, 'depot'))).toBe(false);
  rmSync(downloads, { recursive: true, force: true });
});

test('tunnels: open one to the sshd port, see it carry a connection live, stop it', async ({ page, app, request }) => {
  await addHost(request, app, true);
  await go(page, `#/hosts/${HOST}/tunnels`);
  await expect(page.getByRole('heading', { level: 2, name: `New tunnel to ${HOST}` })).toBeVisible();
  await expect(page.getByLabel('Remote port')).toHaveValue('5900');
  await page.getByLabel('Service').selectOption('rdp');
  await expect(page.getByLabel('Remote port')).toHaveValue('3389');
  await page.getByLabel('Remote port').fill('70000');
  await page.getByRole('button', { name: 'Open tunnel' }).click();
  await expect(page.getByText('A port number from 1 to 65535.')).toBeVisible();

  // Nothing listens on this remote port: said at once, not when the viewer fails.
  await page.getByLabel('Remote port').fill('1');
  await page.getByRole('button', { name: 'Open tunnel' }).click();
  await expect(page.getByRole('alert')).toContainText('127.0.0.1:1 refused the connection');

  await page.getByLabel('Remote port').fill(String(box.sshd.port));
  await expect(page.getByLabel('Service')).toHaveValue('custom');
  await page.getByRole('button', { name: 'Open tunnel' }).click();
  const address = page.getByTestId('tunnel-address');
  await expect(address).toHaveText(/^127\.0\.0\.1:\d+$/);
  const port = Number((await address.textContent())?.split(':')[1]);
  const row = page.locator(`tr[data-tunnel="${port}"]`);
  await expect(row).toContainText('Listening');
  await expect(row).toContainText(`127.0.0.1:${box.sshd.port}`);

  // A viewer connecting to the local port reaches the remote service (here sshd's banner); counters move live.
  const banner = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('data', (d) => {
      resolve(d.toString());
      setTimeout(() => socket.destroy(), 800);
    });
    socket.once('error', reject);
  });
  expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
  await expect(row.locator('td').nth(4)).toHaveText('0 / 1');
  await expect(row.locator('td').nth(5)).not.toHaveText('0 B / 0 B');
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-tunnels');

  await row.getByRole('button', { name: /Stop/ }).click();
  await expect(row).toHaveCount(0);
  await expect(page.getByText('No tunnel open.')).toBeVisible();
  const refused = await new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => resolve('connected'));
    socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
  expect(refused).toBe('ECONNREFUSED');
});

test('a ticket whose asset is a host shows the host card; fetch logs attaches them to it', async ({ page, app, request }) => {
  test.setTimeout(150_000);
  await addHost(request, app, true);
  const logFile = join(box.sshd.userDir, `app-${Date.now()}.log`);
  writeFileSync(logFile, '2026-11-23T09:00:01 app[42]: printer queue stuck\n');
  const { ticket } = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', { kind: 'incident', title: 'Printer queue stuck', impact: 2, urgency: 2, asset: 'TESTBOX' });

  // The host book counts the host's open tickets.
  await go(page, '#/hosts');
  const bookRow = page.locator('tr[data-host="testbox"]');
  await expect(bookRow.getByRole('link', { name: /^T-/ })).toHaveAttribute('href', `#/queue/${ticket.id}`);
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-host-book');

  await go(page, `#/queue/${ticket.id}`);
  const card = page.getByRole('region', { name: /Host · testbox/ });
  await expect(card).toBeVisible();
  await expect(card.getByRole('link', { name: 'Open terminal' })).toBeVisible();
  // Recording to this ticket starts from the card: the action bar does not offer it twice.
  await expect(card.getByRole('button', { name: 'Record a terminal session' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Record a terminal session' })).toHaveCount(1);
  await expect(page.locator('#asset-hosts option[value="testbox"]')).toHaveCount(1);
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-ticket-host-card');

  await card.getByRole('link', { name: 'Fetch logs' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Host testbox' })).toBeVisible();
  await expect(page.getByLabel('Attach to ticket')).toHaveValue(ticket.id);
  await page.getByLabel('Other files (one absolute path per line)').fill(`${logFile}\n/nonexistent/missing.log`);
  await page.getByRole('button', { name: 'Fetch and attach' }).click();
  const results = page.getByRole('region', { name: /Results/ });
  await expect(results.locator(`tr[data-log="${logFile}"]`)).toContainText('Attached');
  await expect(results.locator('tr[data-log="/nonexistent/missing.log"]')).toContainText('Not found');
  await expect(results.locator('tr[data-log="journal"]')).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'remote-logs');

  await results.getByRole('link', { name: 'Open the ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Printer queue stuck' })).toBeVisible();
  await expect(page.getByText(/testbox-app-\d+\.log-\d{8}-\d{4}\.txt/).first()).toBeVisible();

  // Open terminal from the card: a terminal tab on the host, in the host book.
  await page.getByRole('region', { name: /Host · testbox/ }).getByRole('link', { name: 'Open terminal' }).click();
  await expect(page.getByRole('tab', { name: /testbox/ })).toBeVisible();
  await expect(page).toHaveURL(/#\/hosts$/);
});
