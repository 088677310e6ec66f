import { migrateHub } from '../../hub/db/migrate';
import { openPostgres } from '../../hub/db/sql';
import { Accounts } from '../../hub/store/accounts';
import { spawnHub, type HubProcess } from '../setup/hub';
import { startPostgres } from '../setup/postgres';
import { startServeProcess } from '../setup/serve-process';
import { freePort } from '../setup/sshd';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

test('set the hub in Settings, make a ticket offline, start the hub, sync, see it on a second app', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const pg = await startPostgres();
  let hub: HubProcess | undefined;
  const second = await startServeProcess();
  try {
    const url = await pg.createDatabase('e2e_sync');
    const db = openPostgres(url);
    await migrateHub(db);
    const accounts = new Accounts(db);
    await accounts.addUser('Jeanne');
    await accounts.addUser('Karim');
    const jeanne = (await accounts.issueToken('Jeanne', 'laptop')).token;
    const karim = (await accounts.issueToken('Karim', 'desk')).token;
    await db.close();
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;

    // The hub is not running: the app keeps the setting and works offline.
    await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
    const card = page.getByRole('region', { name: 'Team hub sync' });
    await card.getByLabel('Hub address').fill(hubUrl);
    await card.getByLabel('Your name, as the hub knows you').fill('Jeanne');
    await card.getByLabel('Access token').fill(jeanne);
    await card.getByRole('button', { name: 'Connect' }).click();
    await expect(card.getByTestId('sync-state')).toContainText('Hub unreachable');
    await expect(card.getByText(/kept in memory only/)).toBeVisible();
    await expectAccessible(page);
    await saveScreenshot(page, 'sync-settings-offline');

    await page.keyboard.press('Alt+1');
    await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
    await page.getByRole('button', { name: /New ticket/ }).click();
    const dialog = page.getByRole('dialog', { name: 'New ticket' });
    await dialog.getByLabel('Title').fill('Badge reader at the entrance refuses every card');
    await dialog.getByRole('button', { name: 'Create ticket' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Badge reader at the entrance refuses every card' })).toBeVisible();
    await expect(page.getByTestId('sync-bar-waiting')).toHaveText('1 waiting');

    // An article written offline too: the knowledge base marks it until it is on the hub.
    const appUrl = page.url().replace(/#.*$/, '');
    await page.goto(`${appUrl}#/knowledge/new`);
    await page.getByLabel('Title').fill('Badge reader: re-enrol the card after a firmware update');
    await page.getByLabel('Text (Markdown)').fill('Open the badge console, **Cards → Re-enrol**, present the card twice.');
    await page.getByRole('button', { name: /^Save/ }).click();
    await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
    await expect(page.getByTestId('sync-bar-waiting')).toHaveText('2 waiting');
    await page.goto(`${appUrl}#/knowledge`);
    const article = page.locator('.article-list li', { hasText: 'Badge reader: re-enrol the card' });
    await expect(article.getByTestId('article-unsynced')).toBeVisible();
    await expectAccessible(page);
    await saveScreenshot(page, 'sync-knowledge-unsynced');

    // The hub starts; "Sync now" by its shortcut.
    hub = await spawnHub(url, port);
    await page.keyboard.press('Control+Shift+S');
    await expect(page.getByTestId('sync-bar-waiting')).toHaveText('0 waiting', { timeout: 30_000 });
    await expect(page.getByTestId('sync-status')).toContainText('synced');
    await saveScreenshot(page, 'sync-statusbar-synced');
    await page.reload();
    await expect(page.locator('.article-list li', { hasText: 'Badge reader: re-enrol the card' })).toBeVisible();
    await expect(page.getByTestId('article-unsynced')).toHaveCount(0);

    // A second app instance connects and pulls the ticket.
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    const other = await context.newPage();
    await other.goto(second.url.replace(/#.*$/, '') + '#/settings');
    const otherCard = other.getByRole('region', { name: 'Team hub sync' });
    await otherCard.getByLabel('Hub address').fill(hubUrl);
    await otherCard.getByLabel('Access token').fill(karim);
    await otherCard.getByRole('button', { name: 'Connect' }).click();
    await expect(otherCard.getByTestId('sync-state')).toContainText(/Hub reachable|Syncing/);
    await otherCard.getByRole('button', { name: /Sync now/ }).click();
    await expect(otherCard.getByTestId('sync-last')).not.toHaveText('never', { timeout: 30_000 });
    await expectAccessible(other);
    await saveScreenshot(other, 'sync-settings-online');
    await other.keyboard.press('Alt+1');
    await expect(other.getByText('Badge reader at the entrance refuses every card')).toBeVisible({ timeout: 15_000 });
    // The article came with it, not marked: it is the hub's already.
    await other.goto(`${second.url.replace(/#.*$/, '')}#/knowledge`);
    await expect(other.locator('.article-list li', { hasText: 'Badge reader: re-enrol the card' })).toBeVisible();
    await expect(other.getByTestId('article-unsynced')).toHaveCount(0);
    await expectAccessible(other);
    await context.close();
  } finally {
    await hub?.kill();
    await second.stop();
    pg.stop();
  }
});
