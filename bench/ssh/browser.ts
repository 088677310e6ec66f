import { chromium, type Page } from '@playwright/test';
import { join } from 'node:path';
import { launchCdpBrowser } from '../../test/setup/cdp-pipe';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import { REPO_ROOT, type ServeProcess } from '../../test/setup/serve-process';
import { ACTIVE_TERMINAL } from '../../test/setup/terminal-client';
import { chromiumCpuSeconds, cpuSeconds, openTerminalWith, pipeDriver, playwrightDriver, SCREEN_TEXT, waitInPage, type Counters, type PageDriver } from './page-driver';

/**
 * `terminal.browser_drawn_mb_s_{newlines,no_newlines}`: the app in Chromium (serve mode, real sshd), a
 * terminal running a command that prints BYTES of printable text, with line breaks (`yes` lines of 80
 * columns) or without (the same text with its line breaks removed: a minified file). Timed in the page from
 * the Enter keydown to the first animation frame whose screen shows the end marker printed after the
 * stream: every byte has been parsed and drawn by then.
 * `xterm.drawn_mb_s_*`: the baseline, the same bytes written straight to an xterm (same options, same
 * size, xterm's own bundle) in a blank page of the same browser, no transport: what xterm alone can do here.
 * Beside each run, where its wall time went: the share of it the page's main thread was busy (Chromium's
 * `Performance.getMetrics` counters: all tasks, and their script, layout and style parts), the core's CPU
 * seconds per MiB, and the browser's (all its processes, with the driver's own).
 * The app's page is driven over a bare DevTools pipe, as a user's browser runs it; the same runs through
 * Playwright, alternated with them, are reported apart (`devtools`): Playwright enables DevTools' Network
 * domain, and Chromium then copies every WebSocket frame to it base64-encoded (page-driver.ts).
 */
export type StreamShape = 'newlines' | 'no_newlines';

export interface BrowserBenchOptions {
  app: ServeProcess;
  host: string;
  bytes: number;
  runs: number;
  timeoutMs: number;
}

/** Where one run's wall time went: the page's main thread (Chromium's own counters) and the core's CPU. */
export interface RunCost {
  /** Share of the run's wall time the page's main thread was busy, and its script, layout and style parts. */
  busy: number;
  script: number;
  layout: number;
  style: number;
  /** CPU seconds of the serve process (the core) per MiB drawn; NaN for the baseline page. */
  coreCpuPerMib: number;
  /** CPU seconds of the browser's processes and of the bench's own (the driver) per MiB drawn. */
  browserCpuPerMib: number;
}

export type PageKind = 'app' | 'devtools' | 'baseline';

export interface BrowserResult {
  /** Seconds per run, per shape: the app as a user's browser runs it, under Playwright, and xterm alone. */
  seconds: Record<PageKind, Record<StreamShape, number[]>>;
  cost: Record<PageKind, Record<StreamShape, RunCost[]>>;
  renderer: string;
  cols: number;
  rows: number;
}

const MARKER = 'DRAWN-END';
const LINE = 'function f(a,b){return a.map(function(x){return x*b+1})};var config={retries:3};';

/** The remote command: exactly `bytes` bytes of `LINE` text, then the marker on its own line. */
export function drawCommand(shape: StreamShape, bytes: number): string {
  const source = shape === 'newlines' ? `yes '${LINE}'` : `yes '${LINE}' | tr -d '\\n'`;
  return `clear; ${source} | head -c ${bytes}; printf '\\n%s-%s\\n' DRAWN END`;
}

/** Resolves with the milliseconds from the next Enter keydown to the first frame showing MARKER. */
async function armProbe(driver: PageDriver, timeoutMs: number): Promise<void> {
  await driver.evaluate(`(() => {
    window.drawnProbe = new Promise((resolve, reject) => {
      let pressedAt = 0;
      const onKey = (event) => { if (event.key === 'Enter' && pressedAt === 0) pressedAt = performance.now(); };
      document.addEventListener('keydown', onKey, true);
      const started = performance.now();
      const frame = () => {
        const now = performance.now();
        if (pressedAt > 0 && ${SCREEN_TEXT}.includes(${JSON.stringify(MARKER)})) {
          document.removeEventListener('keydown', onKey, true);
          return resolve(now - pressedAt);
        }
        if (now - started > ${Number(timeoutMs)}) return reject(new Error('no ${MARKER} on screen within ${Number(timeoutMs)} ms'));
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    window.drawnProbe.catch(() => undefined);
  })()`);
}

/** What a run cost: `start` just before the timed part, `stop` with its seconds right after it. */
function meter(driver: PageDriver, bytes: number, corePid: number | undefined, browserCpu: () => number) {
  let before: Counters | undefined;
  let coreBefore = Number.NaN;
  let browserBefore = Number.NaN;
  const mib = bytes / (1024 * 1024);
  return {
    async start(): Promise<void> {
      before = await driver.counters();
      coreBefore = cpuSeconds(corePid);
      browserBefore = browserCpu();
    },
    async stop(seconds: number): Promise<RunCost> {
      const coreAfter = cpuSeconds(corePid);
      const browserAfter = browserCpu();
      const after = await driver.counters();
      const share = (name: keyof Counters) => (after[name] - (before?.[name] ?? Number.NaN)) / seconds;
      return {
        busy: share('TaskDuration'),
        script: share('ScriptDuration'),
        layout: share('LayoutDuration'),
        style: share('RecalcStyleDuration'),
        coreCpuPerMib: (coreAfter - coreBefore) / mib,
        browserCpuPerMib: (browserAfter - browserBefore) / mib,
      };
    },
  };
}

type Meter = ReturnType<typeof meter>;

async function timeInApp(driver: PageDriver, shape: StreamShape, options: BrowserBenchOptions, cost: Meter): Promise<{ seconds: number; cost: RunCost }> {
  // The previous run's marker must be off the screen before the probe looks for it.
  await driver.type('clear');
  await driver.enter();
  await waitInPage(driver, `!${SCREEN_TEXT}.includes(${JSON.stringify(MARKER)})`, 'a cleared screen', options.timeoutMs);
  await armProbe(driver, options.timeoutMs);
  await driver.type(drawCommand(shape, options.bytes));
  await cost.start();
  await driver.enter();
  const seconds = Number(await driver.evaluate('window.drawnProbe')) / 1000;
  return { seconds, cost: await cost.stop(seconds) };
}

/** The baseline page: xterm's UMD bundle, the app's terminal options, the app terminal's size. */
async function openBaseline(page: Page, cols: number, rows: number): Promise<void> {
  await page.setContent('<!doctype html><html><body style="margin:0;background:#0f141a"><div id="t"></div></body></html>');
  await page.addStyleTag({ path: join(REPO_ROOT, 'node_modules/@xterm/xterm/css/xterm.css') });
  await page.addScriptTag({ path: join(REPO_ROOT, 'node_modules/@xterm/xterm/lib/xterm.js') });
  await page.evaluate(`(() => {
    const term = new window.Terminal({
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Liberation Mono', monospace",
      fontSize: 13, scrollback: 5000, cursorBlink: true, cols: ${cols}, rows: ${rows},
      theme: { background: '#0f141a', foreground: '#e6eaf0', cursor: '#8ab8ff', selectionBackground: '#36507a' },
    });
    term.open(document.getElementById('t'));
    window.baselineTerm = term;
  })()`);
}

/**
 * Writes the same bytes as the remote command (PTY's \\r\\n included) into the baseline xterm in 32 KiB
 * chunks, as they arrive from the core, and times it to the first frame showing the marker.
 */
async function timeBaseline(page: Page, shape: StreamShape, bytes: number, timeoutMs: number, cost?: Meter): Promise<number> {
  // The chunks are made first, apart from the timed part (and from what the meter counts).
  await page.evaluate(`(() => {
    window.baselineTerm.reset();
    const line = ${JSON.stringify(LINE)};
    const unit = ${JSON.stringify(shape)} === 'newlines' ? line + '\\r\\n' : line;
    const encoder = new TextEncoder();
    const block = encoder.encode(unit.repeat(Math.ceil(65536 / unit.length) + 1));
    const chunks = [];
    const size = 32768;
    let offset = 0;
    const total = ${Number(bytes)};
    while (offset < total) {
      const start = offset % unit.length;
      const n = Math.min(size, total - offset);
      chunks.push(block.slice(start, start + n));
      offset += n;
    }
    chunks.push(encoder.encode('\\r\\n${MARKER}\\r\\n'));
    window.baselineChunks = chunks;
  })()`);
  await cost?.start();
  const ms = await page.evaluate(`(async () => {
    const term = window.baselineTerm;
    const chunks = window.baselineChunks;
    window.baselineChunks = undefined;
    const selector = '.xterm-rows';
    return await new Promise((resolve, reject) => {
      const started = performance.now();
      for (const chunk of chunks) term.write(chunk);
      const frame = () => {
        const now = performance.now();
        if (document.querySelector(selector)?.textContent?.includes(${JSON.stringify(MARKER)})) return resolve(now - started);
        if (now - started > ${Number(timeoutMs)}) return reject(new Error('baseline: no marker within ${Number(timeoutMs)} ms'));
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  })()`);
  return Number(ms) / 1000;
}

const empty = <T>(): Record<PageKind, Record<StreamShape, T[]>> => ({
  app: { newlines: [], no_newlines: [] },
  devtools: { newlines: [], no_newlines: [] },
  baseline: { newlines: [], no_newlines: [] },
});

/** The CPU seconds so far of this process (the bench, Playwright's driver included). */
const ownCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export async function browserDrawn(options: BrowserBenchOptions): Promise<BrowserResult> {
  const viewport = { width: 1366, height: 820 };
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
  const bare = await launchCdpBrowser(options.timeoutMs);
  const shapes: StreamShape[] = ['newlines', 'no_newlines'];
  const result: BrowserResult = { seconds: empty(), cost: empty(), renderer: '?', cols: 0, rows: 0 };
  const corePid = options.app.child.pid;
  // Playwright's Chromium is every Chromium below this process but the bare one.
  const bareCpu = () => chromiumCpuSeconds(bare.pid ?? -1);
  const playwrightCpu = () => chromiumCpuSeconds(process.pid) - bareCpu() + ownCpuSeconds();
  try {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(options.timeoutMs);
    await page.goto(options.app.url);
    const drivers: [PageKind, PageDriver, () => number][] = [
      ['app', await pipeDriver(await bare.newPage(options.app.url, viewport)), () => bareCpu() + ownCpuSeconds()],
      ['devtools', await playwrightDriver(page, await page.context().newCDPSession(page)), playwrightCpu],
    ];
    for (const [, driver] of drivers) await openTerminalWith(driver, options.host, 30_000);
    const app = drivers[0]?.[1] as PageDriver;
    result.renderer = await app.evaluate(`document.querySelector(${JSON.stringify(`${ACTIVE_TERMINAL} .terminal-host`)})?.dataset.renderer ?? '?'`);
    if (result.renderer !== 'dom') throw new Error(`the drawn stream is timed on the DOM renderer's text; this page draws with ${result.renderer}`);
    // The app's terminal size, for the baseline: rows drawn, and columns from `tput` over the PTY.
    result.rows = await app.evaluate(`document.querySelectorAll(${JSON.stringify(`${ACTIVE_TERMINAL} .xterm-rows > div`)}).length`);
    await app.type("clear; printf 'SIZE-%s-%s\\n' $(tput cols) END");
    await app.enter();
    await waitInPage(app, `/SIZE-\\d+-END/.test(${SCREEN_TEXT})`, 'the terminal size', 30_000);
    const size = await app.evaluate<string>(SCREEN_TEXT);
    result.cols = Number(/SIZE-(\d+)-END/.exec(size)?.[1] ?? 80);
    for (let run = 0; run < options.runs; run++) {
      for (const [kind, driver, browserCpu] of drivers) {
        for (const shape of shapes) {
          const { seconds, cost } = await timeInApp(driver, shape, options, meter(driver, options.bytes, corePid, browserCpu));
          result.seconds[kind][shape].push(seconds);
          result.cost[kind][shape].push(cost);
        }
      }
    }
    const baseline = await browser.newPage({ viewport });
    const baselineDriver = await playwrightDriver(baseline, await baseline.context().newCDPSession(baseline));
    await openBaseline(baseline, result.cols, result.rows);
    // One run to warm xterm's code up in this page, not counted (the app's page is warm by its first run).
    await timeBaseline(baseline, 'no_newlines', Math.min(options.bytes, 2_000_000), options.timeoutMs);
    for (let run = 0; run < options.runs; run++) {
      for (const shape of shapes) {
        const cost = meter(baselineDriver, options.bytes, undefined, playwrightCpu);
        const seconds = await timeBaseline(baseline, shape, options.bytes, options.timeoutMs, cost);
        result.seconds.baseline[shape].push(seconds);
        result.cost.baseline[shape].push(await cost.stop(seconds));
      }
    }
    return result;
  } finally {
    await browser.close();
    await bare.close();
  }
}
