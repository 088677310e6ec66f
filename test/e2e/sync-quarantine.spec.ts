import { v7 as uuidv7 } from 'uuid';
import { startTeamHub, type HubProcess } from '../setup/hub';
import { startPostgres } from '../setup/postgres';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

test('an event the app cannot apply is shown in the sync card, and sync goes on', async ({ page }) => {
  test.setTimeout(240_000);
  const pg = await startPostgres();
  let hub: HubProcess | undefined;
  try {
    // As an older hub could have left it: a comment on a ticket that was never created.
    const node = '0123456789abcdef';
    const event = { id: uuidv7(), ticketId: 'lost-ticket', hlc: `${new Date().toISOString()}-0000-${node}`, actor: 'Jeanne', device: node, type: 'comment_added', payload: { text: 'orphan', internal: false } };
    const team = await startTeamHub(pg, 'e2e_quarantine', [{ user: 'Jeanne', device: 'laptop' }], async (db) => {
      await db.query(
        `INSERT INTO events (seq, id, team_id, ticket_id, hlc, actor, device, type, body) SELECT nextval('events_seq'), $1, id, $2, $3, $4, $5, $6, $7 FROM teams WHERE name = 'default'`,
        [event.id, event.ticketId, event.hlc, event.actor, event.device, event.type, JSON.stringify(event)],
      );
    });
    hub = team.process;

    await page.goto(page.url().replace(/#.*$/, '') + '#/settings');
    const card = page.getByRole('region', { name: 'Team hub sync' });
    await card.getByLabel('Hub address').fill(team.url);
    await card.getByLabel('Your name, as the hub knows you').fill('Jeanne');
    await card.getByLabel('Access token').fill(team.tokens.Jeanne ?? '');
    await card.getByRole('button', { name: 'Connect' }).click();
    await expect(card.getByTestId('sync-state')).toContainText(/Hub reachable|Syncing/);
    await page.keyboard.press('Control+Shift+S');
    const quarantine = card.getByTestId('sync-quarantine');
    await expect(quarantine).toContainText('1 event could not be applied', { timeout: 60_000 });
    await expect(card.getByTestId('sync-last')).not.toHaveText('never');
    await quarantine.getByText('Details').click();
    await expect(quarantine).toContainText(event.id);
    await expect(quarantine).toContainText('unknown_subject');
    await expectAccessible(page);
    await saveScreenshot(page, 'sync-quarantine');
  } finally {
    await hub?.kill();
    pg.stop();
  }
});
