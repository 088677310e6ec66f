import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { startTeamHub, type HubProcess } from '../setup/hub';
import { startPostgres } from '../setup/postgres';
import { startServeProcess, type ServeProcess } from '../setup/serve-process';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api } from './helpers';

interface Status {
  syncing: boolean;
  waiting: number;
  lastSyncAt: number | null;
  lastError: { message: string } | null;
}

/** One sync round started by the API, as "Sync now" does, waited for until nothing is left to send. */
async function syncRound(request: APIRequestContext, app: ServeProcess): Promise<void> {
  const before = await api<Status>(request, app, 'sync.status', {});
  await api(request, app, 'sync.now', {});
  await expect
    .poll(async () => {
      const s = await api<Status>(request, app, 'sync.status', {});
      if (s.lastError) return `error: ${s.lastError.message}`;
      return !s.syncing && s.waiting === 0 && (s.lastSyncAt ?? 0) > (before.lastSyncAt ?? 0) ? 'done' : 'running';
    }, { timeout: 30_000 })
    .toBe('done');
}

interface Team {
  karimApp: ServeProcess;
  karimPage: Page;
  stop(): Promise<void>;
}

/** A hub on PostgreSQL, Jeanne's laptop (the fixture's app) and Karim's (a second app and page), both connected. */
async function twoLaptops(browser: Browser, request: APIRequestContext, app: ServeProcess, database: string): Promise<Team> {
  const pg = await startPostgres();
  let hub: HubProcess | undefined;
  const karimApp = await startServeProcess();
  const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
  const stop = async () => {
    await context.close();
    await hub?.kill();
    await karimApp.stop();
    pg.stop();
  };
  try {
    const team = await startTeamHub(pg, database, [{ user: 'Jeanne', device: 'laptop' }, { user: 'Karim', device: 'desk' }]);
    hub = team.process;
    await api(request, app, 'sync.configure', { hubUrl: team.url, token: team.tokens.Jeanne });
    await api(request, karimApp, 'sync.configure', { hubUrl: team.url, token: team.tokens.Karim });
    const karimPage = await context.newPage();
    await karimPage.goto(karimApp.url);
    await karimPage.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
    return { karimApp, karimPage, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

test('screens follow a sync: the queue and an open ticket show a teammate\'s changes with no reload', async ({ app, browser, request }) => {
  test.setTimeout(240_000);
  const { karimApp, karimPage, stop } = await twoLaptops(browser, request, app, 'e2e_follow');
  try {
    // Karim's laptop shows its empty queue; a reload would lose the mark set on the page.
    await expect(karimPage.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
    await karimPage.evaluate(() => Object.assign(window, { notReloaded: true }));
    const stillSamePage = () => karimPage.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

    // Jeanne's laptop files a ticket and syncs; Karim's syncs: his queue shows it, no reload.
    const { ticket } = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', {
      kind: 'incident',
      title: 'Scanner on the second floor jams every sheet',
      impact: 2,
      urgency: 2,
    });
    await syncRound(request, app);
    await syncRound(request, karimApp);
    await expect(karimPage.getByText('Scanner on the second floor jams every sheet')).toBeVisible({ timeout: 5_000 });
    expect(await stillSamePage()).toBe(true);

    // Karim opens it; Jeanne raises its urgency meanwhile: his open ticket follows.
    await karimPage.getByText('Scanner on the second floor jams every sheet').click();
    await expect(karimPage.locator('.ticket-heading .prio')).toHaveText('P3');
    await api(request, app, 'tickets.act', { ticketId: ticket.id, type: 'field_changed', payload: { changes: { urgency: 1 } } });
    await syncRound(request, app);
    await syncRound(request, karimApp);
    await expect(karimPage.locator('.ticket-heading .prio')).toHaveText('P2', { timeout: 5_000 });
    expect(await stillSamePage()).toBe(true);

    // A change made on Karim's laptop elsewhere than this page (another window, the CLI) shows at once too.
    await api(request, karimApp, 'tickets.act', { ticketId: ticket.id, type: 'comment_added', payload: { text: 'On my way with a cleaning kit.', internal: true } });
    await expect(karimPage.locator('.timeline-entry.type-comment_added')).toContainText('On my way with a cleaning kit.', { timeout: 5_000 });
    expect(await stillSamePage()).toBe(true);
    await expectAccessible(karimPage);
    await saveScreenshot(karimPage, 'sync-follow-open-ticket');
  } finally {
    await stop();
  }
});

test('a same-field clash is shown on both laptops with both values, and either can reverse it', async ({ page, app, browser, request }) => {
  // Two apps, a hub, PostgreSQL and eight sync rounds: minutes on a loaded 2-core machine.
  test.setTimeout(420_000);
  const { karimApp, karimPage, stop } = await twoLaptops(browser, request, app, 'e2e_clash');
  try {
    const { ticket } = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', { kind: 'incident', title: 'Accounting share unreachable', impact: 2, urgency: 2 });
    await syncRound(request, app);
    await syncRound(request, karimApp);
    // Offline on both: Jeanne says work stopped, Karim (later) says a workaround exists.
    await api(request, app, 'tickets.act', { ticketId: ticket.id, type: 'field_changed', payload: { changes: { urgency: 1 } } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await api(request, karimApp, 'tickets.act', { ticketId: ticket.id, type: 'field_changed', payload: { changes: { urgency: 3 } } });
    await syncRound(request, app);
    await syncRound(request, karimApp);
    await syncRound(request, app);

    const appUrl = (process: ServeProcess) => process.url.replace(/#.*$/, '');
    // The Conflicts view lists the ticket with what clashes, on both laptops; Jeanne opens it from there.
    const conflictsView = async (laptop: Page, process: ServeProcess) => {
      await laptop.goto(`${appUrl(process)}#/queue`);
      await laptop.getByRole('tab', { name: 'Conflicts' }).click();
    };
    for (const [laptop, process] of [[karimPage, karimApp], [page, app]] as const) {
      await conflictsView(laptop, process);
      await expect(laptop.getByTestId('queue-count')).toHaveText('1 ticket');
      await expect(laptop.locator('.grid-row', { hasText: 'Accounting share unreachable' }).getByTestId('row-clash')).toHaveText('Clash: Urgency');
    }
    await expectAccessible(page);
    await saveScreenshot(page, 'sync-clash-conflicts-view');
    await page.getByRole('grid', { name: 'Queue', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`#/queue/${ticket.id}$`));
    await karimPage.goto(`${appUrl(karimApp)}#/queue/${ticket.id}`);
    for (const laptop of [page, karimPage]) {
      const clash = laptop.getByTestId('clash');
      await expect(clash).toContainText('Urgency: Karim set “3 – Low (workaround exists)”');
      await expect(clash).toContainText('without having seen “1 – High (work stopped)”, set by Jeanne');
      await expect(laptop.locator('.ticket-heading .prio')).toHaveText('P4');
    }
    // The timeline says from what to what.
    await expect(page.locator('.timeline-entry.type-field_changed').last()).toContainText('Urgency: 1 – High (work stopped) → 3 – Low (workaround exists)');
    await expectAccessible(page);
    await saveScreenshot(page, 'sync-clash-banner');

    // Jeanne takes her value back: the clash is settled here, and on Karim's laptop after the sync.
    await page.getByRole('button', { name: 'Use “1 – High (work stopped)” (Jeanne)' }).click();
    await expect(page.locator('.ticket-heading .prio')).toHaveText('P2');
    await expect(page.getByTestId('clash-banner')).toHaveCount(0);
    await syncRound(request, app);
    await syncRound(request, karimApp);
    await expect(karimPage.getByTestId('clash-banner')).toHaveCount(0, { timeout: 5_000 });
    await expect(karimPage.locator('.ticket-heading .prio')).toHaveText('P2');
    // Settled: the Conflicts view no longer counts it, on either laptop.
    for (const [laptop, process] of [[page, app], [karimPage, karimApp]] as const) {
      await conflictsView(laptop, process);
      await expect(laptop.getByTestId('queue-count')).toHaveText('0 tickets');
      await expect(laptop.getByText('No ticket matches this view.')).toBeVisible();
    }
  } finally {
    await stop();
  }
});
