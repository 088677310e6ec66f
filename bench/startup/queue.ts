/**
 * `startup.queue_interactive_10k_ms`: serve mode on a store of 10,000 tickets, from launching the built app
 * (`dist/cli.js serve`) to the queue answering a key in Chromium (the project's flags): the page loaded, the
 * first rows drawn, `j` pressed on the grid and the next row selected. Chromium is already running (as the
 * Electron shell's renderer would be); the store's file is warm in the disk cache (one run first, not counted).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
export async function storeWith(tickets: number): Promise<string> {
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

/** Milliseconds from the launch at which each step of one launch ended. */
export interface Phases {
  /** The serve process printed its address. */
  served: number;
  /** Chromium's new page is open. */
  page: number;
  /** The page's load event (HTML and script). */
  loaded: number;
  /** The first rows are drawn. */
  rows: number;
  /** `j` moved the selection: the figure. */
  interactive: number;
}

/** CPU spent by each side by the time `j` answered, which the machine's load moves less than wall time. */
export interface LaunchCpu {
  /** The serve process, all its threads (the store check's included), from /proc. */
  serveMs: number;
  /** Chromium's renderer processes (the page's, in practice), from Chromium's own per-process CPU times. */
  pageMs: number;
}

/** CPU seconds so far of every renderer process of the browser, by process id. */
async function rendererCpu(browser: import('@playwright/test').Browser): Promise<Map<number, number>> {
  const session = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await session.send('SystemInfo.getProcessInfo' as never)) as { processInfo: { type: string; id: number; cpuTime: number }[] };
    return new Map(processInfo.filter((info) => info.type === 'renderer').map((info) => [info.id, info.cpuTime]));
  } finally {
    await session.detach();
  }
}

/** User and system CPU of a process so far, in ms (Linux: /proc/PID/stat, in clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Launch to the queue answering `j`; one launch of the app (this tree's build, or the one `cli` names), one page. */
export async function launchToInteractive(browser: import('@playwright/test').Browser, dataDir: string, cli?: string): Promise<Phases & { cpu: LaunchCpu }> {
  const started = performance.now();
  const since = () => performance.now() - started;
  const app = await startServeProcess({ dataDir, ...(cli ? { cli } : {}) });
  const served = since();
  const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
  const opened = since();
  try {
    page.setDefaultTimeout(120_000);
    const rendererBefore = await rendererCpu(browser);
    await page.goto(app.url);
    const loaded = since();
    await page.locator('.grid-row').nth(1).waitFor();
    const rows = since();
    await page.getByRole('grid').focus();
    // The key answered: the selected ticket changed (from none to the first, or on to the next). Read by the
    // grid's active row id, not its text: the bench's batches repeat the demo's titles and references.
    const before = await page.evaluate(selectedRowId);
    await page.keyboard.press('j');
    await page.waitForFunction((was) => ((globalThis as unknown as Page).document.querySelector('[role="grid"]')?.getAttribute('aria-activedescendant') ?? '') !== was, before, { polling: 'raf' });
    const interactive = since();
    const serveMs = app.child.pid ? processCpuMs(app.child.pid) : NaN;
    const rendererAfter = await rendererCpu(browser);
    const pageMs = [...rendererAfter].reduce((sum, [id, seconds]) => sum + (seconds - (rendererBefore.get(id) ?? 0)) * 1000, 0);
    return { served, page: opened, loaded, rows, interactive, cpu: { serveMs, pageMs } };
  } finally {
    await page.close();
    await app.stop();
  }
}

export async function queueInteractive(tickets: number, runs: number): Promise<{ ms: number; samples: number[]; phases: Phases }> {
  const dataDir = await storeWith(tickets);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 60_000 });
  try {
    await launchToInteractive(browser, dataDir); // warms the disk cache and the browser's
    const launches: Phases[] = [];
    for (let i = 0; i < runs; i++) launches.push(await launchToInteractive(browser, dataDir));
    const samples = launches.map((l) => l.interactive);
    const phase = (key: keyof Phases) => median(launches.map((l) => l[key]));
    const phases: Phases = { served: phase('served'), page: phase('page'), loaded: phase('loaded'), rows: phase('rows'), interactive: phase('interactive') };
    return { ms: median(samples), samples, phases };
  } finally {
    await browser.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
