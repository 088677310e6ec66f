import type { APIRequestContext, Page } from '@playwright/test';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open';
import { STORE_FILE } from '../../electron/core/paths';
import { attachToTicket, BlobStore } from '../../electron/core/reports/blobs';
import { TicketService } from '../../electron/core/tickets/service';
import { openPostgres } from '../../hub/db/sql';
import { spawnHub, startTeamHub, type HubProcess } from '../setup/hub';
import { startPostgres, type Postgres } from '../setup/postgres';
import { startServeProcess, type ServeProcess } from '../setup/serve-process';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api } from './helpers';

interface Status {
  syncing: boolean;
  waiting: number;
  lastSyncAt: number | null;
  lastError: { message: string } | null;
}

const fixture = (path: string) => new URL(`../fixtures/${path}`, import.meta.url);
const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** One sync round started by the API, as "Sync now" does, waited for until it succeeded. */
async function syncRound(request: APIRequestContext, app: ServeProcess, timeout = 60_000): Promise<void> {
  const before = await api<Status>(request, app, 'sync.status', {});
  await api(request, app, 'sync.now', {});
  await expect
    .poll(async () => {
      const s = await api<Status>(request, app, 'sync.status', {});
      return !s.syncing && s.waiting === 0 && (s.lastSyncAt ?? 0) > (before.lastSyncAt ?? 0) ? 'done' : `running ${s.lastError?.message ?? ''}`;
    }, { timeout })
    .toBe('done');
}

/** Counts whether the fetch progress bar showed, and its highest value, however briefly it was on screen. */
async function watchProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen = { shown: false, max: 0 };
    Object.assign(window, { blobProgress: seen });
    new MutationObserver(() => {
      const bar = document.querySelector<HTMLProgressElement>('[data-testid="blob-progress"] progress');
      if (bar) {
        seen.shown = true;
        seen.max = Math.max(seen.max, bar.value);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

test.describe('files travel with their tickets through the hub', () => {
  let pg: Postgres;
  test.beforeAll(async () => {
    pg = await startPostgres();
  });
  test.afterAll(() => pg?.stop());

  test('a log, a recording and a snapshot attached on Jeanne\'s laptop open on Karim\'s, with hers switched off', async ({ browser, request }) => {
    // Minutes, not seconds: two apps, a hub and PostgreSQL on a 2-core machine shared with other runs.
    test.setTimeout(360_000);
    const team = await startTeamHub(pg, 'e2e_blobs', [{ user: 'Jeanne', device: 'laptop' }, { user: 'Karim', device: 'desk' }]);
    const jeanne = await startServeProcess();
    const karim = await startServeProcess();
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    try {
      await api(request, jeanne, 'sync.configure', { hubUrl: team.url, token: team.tokens.Jeanne });
      await api(request, karim, 'sync.configure', { hubUrl: team.url, token: team.tokens.Karim });
      const { ticket } = await api<{ ticket: { id: string } }>(request, jeanne, 'tickets.create', { kind: 'incident', title: 'Print server drops jobs', impact: 2, urgency: 2 });
      const log = Buffer.from('Dec  7 08:12:01 print01 cupsd[812]: Job 4411 aborted: backend returned 5\n'.repeat(40));
      await api(request, jeanne, 'tickets.attach', { ticketId: ticket.id, name: 'cups-error.log', mime: 'text/plain', base64: log.toString('base64') });
      const cast = readFileSync(fixture('asciicast/player-resizing.cast'));
      await api(request, jeanne, 'tickets.attach', { ticketId: ticket.id, name: 'print01-session.cast', mime: 'application/x-asciicast', base64: cast.toString('base64') });
      const snapshot = await api<{ id: string }>(request, jeanne, 'inventory.importGlpi', { text: readFileSync(fixture('glpi/computer_1.json'), 'utf8') });
      await api(request, jeanne, 'inventory.attach', { id: snapshot.id, ticketId: ticket.id });
      await syncRound(request, jeanne);
      await jeanne.stop(); // switched off: only the hub has her files now
      await syncRound(request, karim);

      const page = await context.newPage();
      await page.goto(`${karim.url.replace(/#.*$/, '')}#/queue/${ticket.id}`);
      await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download cups-error.log' }).click()]);
      expect(sha(readFileSync(await download.path()))).toBe(sha(log));
      await expectAccessible(page);

      await page.getByRole('link', { name: 'Replay print01-session.cast' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Replay of print01-session.cast' })).toBeVisible();
      await expect.poll(async () => (await page.locator('[data-testid="replay-screen"] .xterm-rows').innerText()).replace(/\u00a0/g, ' '), { timeout: 15_000 }).toContain('hello world!');
      await expect(page.getByRole('alert')).toHaveCount(0);

      await page.goBack();
      await page.getByRole('link', { name: /Open the inventory snapshot/ }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'CPU' })).toBeVisible();
      await expect(page.getByRole('alert')).toHaveCount(0);
      await expectAccessible(page);
      await saveScreenshot(page, 'sync-blobs-snapshot-on-karim');
    } finally {
      await context.close();
      await jeanne.stop();
      await karim.stop();
      await team.process.kill();
    }
  });

  test('a 50 MB attachment goes up through a hub restart, the other laptop says whose it is meanwhile, then fetches it with progress', async ({ browser, request }) => {
    test.setTimeout(540_000);
    const team = await startTeamHub(pg, 'e2e_blobs_large', [{ user: 'Jeanne', device: 'laptop' }, { user: 'Karim', device: 'desk' }]);
    // Jeanne's laptop holds the file already (a disk image fetched over SFTP, say): more than a call carries.
    const jeanneDir = mkdtempSync(join(tmpdir(), 'atelier-e2e-'));
    const big = randomBytes(50 * 1024 * 1024);
    const store = openDatabase(join(jeanneDir, STORE_FILE));
    const service = new TicketService(store, () => 'Jeanne');
    const ticketId = service.create({ kind: 'incident', title: 'Disk image of the old NAS', impact: 2, urgency: 2 }).ticket.id;
    attachToTicket(new BlobStore(store), service, ticketId, { name: 'nas-disk.img', mime: 'application/octet-stream', data: big });
    store.close();

    let hub: HubProcess = team.process;
    const jeanne = await startServeProcess({ dataDir: jeanneDir });
    const karim = await startServeProcess();
    const watch = openPostgres(team.databaseUrl, { maxConnections: 1 });
    const context = await browser.newContext({ viewport: { width: 1366, height: 820 } });
    try {
      await api(request, jeanne, 'sync.configure', { hubUrl: team.url, token: team.tokens.Jeanne });
      await api(request, karim, 'sync.configure', { hubUrl: team.url, token: team.tokens.Karim });
      await api(request, jeanne, 'sync.now', {});
      // The hub goes down once part of the file is in.
      const chunks = async () => Number((await watch.query<{ n: string }>('SELECT count(*)::text AS n FROM blob_chunks'))[0]?.n);
      await expect.poll(chunks, { timeout: 60_000, intervals: [50] }).toBeGreaterThanOrEqual(3);
      await hub.kill();
      const before = await chunks();
      expect(before).toBeLessThan(50);
      await expect.poll(async () => (await api<Status>(request, jeanne, 'sync.status', {})).lastError?.message ?? '', { timeout: 30_000 }).toMatch(/cannot be reached|stopped/);
      // Jeanne's laptop leaves the network meanwhile; the hub comes back.
      await api(request, jeanne, 'sync.disconnect', {});
      hub = await spawnHub(team.databaseUrl, team.port);

      // Karim has the ticket but not the file: his laptop says whose it is, not "Not found".
      await syncRound(request, karim);
      const page = await context.newPage();
      await page.goto(`${karim.url.replace(/#.*$/, '')}#/queue/${ticketId}`);
      await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
      await page.getByRole('button', { name: 'Download nas-disk.img' }).click();
      await expect(page.getByTestId('blob-state')).toContainText('nas-disk.img is not on the hub yet: waiting for Jeanne (laptop) to send it.');
      await expectAccessible(page);
      await saveScreenshot(page, 'sync-blobs-waiting');

      // Back on the network, Jeanne's laptop sends only what the hub lacks.
      await api(request, jeanne, 'sync.configure', { hubUrl: team.url, token: team.tokens.Jeanne });
      await syncRound(request, jeanne, 120_000);
      expect(await chunks()).toBe(50);
      expect((await watch.query<{ complete: boolean }>('SELECT complete FROM blobs'))[0]?.complete).toBe(true);

      await watchProgress(page);
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 120_000 }),
        page.getByRole('button', { name: 'Check again' }).click(),
      ]);
      expect(sha(readFileSync(await download.path()))).toBe(sha(big));
      const seen = await page.evaluate(() => (window as unknown as { blobProgress: { shown: boolean; max: number } }).blobProgress);
      expect(seen.shown).toBe(true);
      // Kept on Karim's laptop: a second download needs no hub.
      await hub.kill();
      expect(await api(request, karim, 'blobs.state', { hash: sha(big) })).toEqual({ state: 'local' });
      await expectAccessible(page);
    } finally {
      await context.close();
      await watch.close();
      await jeanne.stop();
      await karim.stop();
      await hub.kill();
      rmSync(jeanneDir, { recursive: true, force: true });
    }
  });
});
