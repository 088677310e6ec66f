/**
 * `startup.queue_interactive_10k_ms`: serve mode on a store of 10,000 tickets, from launching the built app
 * (`dist/cli.js serve`) to the queue answering a key in Chromium (the project's flags): the page loaded, the
 * first rows drawn, `j` pressed on the grid and the next row selected. Chromium is already running (as the
 * Electron shell's renderer would be); the store's file is warm in the disk cache (one run first, not counted).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { openDatabase } from '../../electron/core/db/open';
import { demoEvents } from '../../electron/core/tickets/demo';
import { TicketService } from '../../electron/core/tickets/service';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import { startServeProcess } from '../../test/setup/serve-process';
import { median } from '../process-time';

/** What the page functions below read (the bench compiles without the DOM's types). */
type Page = { document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null } };

function selectedRowId(): string {
  return (globalThis as unknown as Page).document.querySelector('[role="grid"]')?.getAttribute('aria-activedescendant') ?? '';
}

/** A data folder whose store holds `tickets` demo tickets (distinct ids per batch). */
async function storeWith(tickets: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-start-'));
  const db = openDatabase(join(dir, 'atelier.db'));
  try {
    const service = new TicketService(db, () => 'bench');
    const batch = 2_000;
    for (let i = 0; i < tickets; i += batch) {
      const stories = demoEvents(Math.min(batch, tickets - i), 1_000 + i, Date.now());
      service.store.applyExternal(stories.flat().map((event) => ({ ...event, ticketId: `${event.ticketId.slice(0, 30)}${(i / batch).toString(16).padStart(6, '0')}` })), 'demo');
    }
    const count = db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
    if (count !== tickets) throw new Error(`the bench store holds ${count} tickets, not ${tickets}`);
  } finally {
    db.close();
  }
  return dir;
}

/** Launch to the queue answering `j`, in ms; one launch of the app, one page. */
async function launchToInteractive(browser: import('@playwright/test').Browser, dataDir: string): Promise<number> {
  const started = performance.now();
  const app = await startServeProcess({ dataDir });
  const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  try {
    page.setDefaultTimeout(120_000);
    await page.goto(app.url);
    await page.locator('.grid-row').nth(1).waitFor();
    await page.getByRole('grid').focus();
    // The key answered: the selected ticket changed (from none to the first, or on to the next). Read by the
    // grid's active row id, not its text: the bench's batches repeat the demo's titles and references.
    const before = await page.evaluate(selectedRowId);
    await page.keyboard.press('j');
    await page.waitForFunction((was) => ((globalThis as unknown as Page).document.querySelector('[role="grid"]')?.getAttribute('aria-activedescendant') ?? '') !== was, before, { polling: 'raf' });
    return performance.now() - started;
  } finally {
    await page.close();
    await app.stop();
  }
}

export async function queueInteractive(tickets: number, runs: number): Promise<{ ms: number; samples: number[] }> {
  const dataDir = await storeWith(tickets);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    await launchToInteractive(browser, dataDir); // warms the disk cache and the browser's
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) samples.push(await launchToInteractive(browser, dataDir));
    return { ms: median(samples), samples };
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
