import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTeamHub, type HubProcess } from '../setup/hub';
import { keyringMissing, startTestKeyring, type TestKeyring } from '../setup/keyring';
import { startPostgres } from '../setup/postgres';
import { startServeProcess, type ServeProcess } from '../setup/serve-process';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

test('the hub token survives a restart: kept encrypted in the vault, asked for by the vault passphrase, never typed again', async ({ browser }) => {
  test.setTimeout(240_000);
  const pg = await startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-e2e-token-'));
  let hub: HubProcess | undefined;
  let app: ServeProcess | undefined;
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  try {
    const team = await startTeamHub(pg, 'e2e_token', [{ user: 'Jeanne', device: 'laptop' }]);
    hub = team.process;

    app = await startServeProcess({ dataDir });
    const page = await context.newPage();
    await page.goto(app.url.replace(/#.*$/, '') + '#/settings');
    const card = page.getByRole('region', { name: 'Team hub sync' });
    await card.getByLabel('Hub address').fill(team.url);
    await card.getByLabel('Your name, as the hub knows you').fill('Jeanne');
    await card.getByLabel('Access token').fill(team.tokens.Jeanne ?? '');
    await card.getByRole('button', { name: 'Connect' }).click();
    // No vault yet: the token is in memory only, and the card offers to keep it encrypted.
    await expect(card.getByText(/kept in memory only/)).toBeVisible();
    await card.getByRole('button', { name: 'Create the vault' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/passphrase/i).fill('correct horse battery staple');
    await dialog.getByRole('button', { name: /Create/ }).click();
    await expect(card.getByText(/kept in memory only/)).toHaveCount(0);
    await expect(page.getByTestId('sync-status')).toContainText(/Hub synced \d/, { timeout: 30_000 });

    // Restart on the same data folder: the token is there, encrypted; the vault's passphrase opens it.
    await app.stop();
    app = await startServeProcess({ dataDir });
    await page.goto(app.url.replace(/#.*$/, '') + '#/settings');
    const again = page.getByRole('region', { name: 'Team hub sync' });
    await expect(again.getByText(/locked since the app started/)).toBeVisible();
    // Told once, with its button; the status bar does not say "synced" meanwhile.
    await expect(page.getByTestId('sync-status')).toContainText('Hub: vault locked');
    await expect(again.getByText(/token is locked in the vault or missing/)).toHaveCount(0);
    await expectAccessible(page);
    await saveScreenshot(page, 'sync-token-locked-after-restart');
    await again.getByRole('button', { name: 'Unlock the vault' }).click();
    await page.getByRole('dialog').getByLabel(/passphrase/i).fill('correct horse battery staple');
    await page.getByRole('dialog').getByRole('button', { name: /Unlock/ }).click();
    await expect(again.getByText(/locked since the app started/)).toHaveCount(0);
    await again.getByRole('button', { name: /Sync now/ }).click();
    await expect(again.getByTestId('sync-state')).toContainText(/Hub reachable/, { timeout: 30_000 });
    await expect(again.getByLabel('Access token')).toHaveValue('');
  } finally {
    await context.close();
    await app?.stop();
    await hub?.kill();
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('where the desktop session has a keyring, the token is kept and used after a restart with nothing to type', async ({ browser }) => {
  const missing = keyringMissing();
  test.skip(missing !== undefined, missing ?? '');
  test.setTimeout(240_000);
  const pg = await startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 'atelier-e2e-keyring-'));
  let keyring: TestKeyring | undefined;
  let hub: HubProcess | undefined;
  let app: ServeProcess | undefined;
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  try {
    keyring = startTestKeyring();
    const team = await startTeamHub(pg, 'e2e_keyring', [{ user: 'Karim', device: 'desk' }]);
    hub = team.process;
    const env = { DBUS_SESSION_BUS_ADDRESS: keyring.env.DBUS_SESSION_BUS_ADDRESS };

    app = await startServeProcess({ dataDir, env });
    const page = await context.newPage();
    await page.goto(app.url.replace(/#.*$/, '') + '#/settings');
    const card = page.getByRole('region', { name: 'Team hub sync' });
    await card.getByLabel('Hub address').fill(team.url);
    await card.getByLabel('Your name, as the hub knows you').fill('Karim');
    await card.getByLabel('Access token').fill(team.tokens.Karim ?? '');
    await card.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByTestId('sync-status')).toContainText(/Hub synced \d/, { timeout: 30_000 });
    // Kept in the vault at once: the vault's key is in the keyring, nothing to create or unlock.
    await expect(card.getByText(/kept in memory only/)).toHaveCount(0);

    await app.stop();
    app = await startServeProcess({ dataDir, env });
    await page.goto(app.url.replace(/#.*$/, '') + '#/settings');
    const again = page.getByRole('region', { name: 'Team hub sync' });
    await expect(again.getByText(/locked since the app started/)).toHaveCount(0);
    await again.getByRole('button', { name: /Sync now/ }).click();
    await expect(again.getByTestId('sync-state')).toContainText(/Hub reachable/, { timeout: 30_000 });
    await page.goto(app.url.replace(/#.*$/, '') + '#/hosts');
    await expect(page.getByText('Vault opened by the system keyring (Secret Service)')).toBeVisible();
    await expectAccessible(page);
    await saveScreenshot(page, 'hosts-vault-keyring');
  } finally {
    await context.close();
    await app?.stop();
    await hub?.kill();
    keyring?.stop();
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
