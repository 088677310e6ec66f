import { chromium, type CDPSession, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import { REPO_ROOT, type ServeProcess } from '../../test/setup/serve-process';
import { ACTIVE_TERMINAL, openTerminalInPage } from '../../test/setup/terminal-client';

/**
 * `terminal.browser_drawn_mb_s_{newlines,no_newlines}`: the app in Chromium (serve mode, real sshd), a
 * terminal running a command that prints BYTES of printable text, with line breaks (`yes` lines of 80
 * columns) or without (the same text with its line breaks removed: a minified file). Timed in the page from
 * the Enter keydown to the first animation frame whose screen shows the end marker printed after the
 * stream: every byte has been parsed and drawn by then.
 * `xterm.drawn_mb_s_*`: the baseline, the same bytes written straight to an xterm (same options, same
 * size, xterm's own bundle) in a blank page of the same browser, no transport: what xterm alone can do here.
 * Beside each run, where its wall time went: the share of it the page's main thread was busy (Chromium's
 * `Performance.getMetrics` counters: all tasks, and their script, layout and style parts) and the core's CPU
 * seconds per MiB. A page idle while its output is slow waits for the pipe, not for xterm.
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
}

export interface BrowserResult {
  /** Seconds per run, per shape, in the app and in the baseline page. */
  app: Record<StreamShape, number[]>;
  baseline: Record<StreamShape, number[]>;
  appCost: Record<StreamShape, RunCost[]>;
  baselineCost: Record<StreamShape, RunCost[]>;
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

/** Polls the terminal's text until `test` accepts it (the page's CSP forbids a string predicate). */
async function waitForRows(page: Page, test: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = (await page.locator(`${ACTIVE_TERMINAL} .xterm-rows`).textContent()) ?? '';
    if (test(text)) return text;
    if (Date.now() > deadline) throw new Error(`bench: the terminal did not show what was expected within ${timeoutMs} ms; it shows:\n${text}`);
    await page.waitForTimeout(100);
  }
}

/** Resolves with the milliseconds from the next Enter keydown to the first frame showing MARKER. */
async function armProbe(page: Page, timeoutMs: number): Promise<void> {
  // A script string: tsx wraps named inner functions in a helper the page does not have.
  await page.evaluate(`(() => {
    const selector = ${JSON.stringify(`${ACTIVE_TERMINAL} .xterm-rows`)};
    window.drawnProbe = new Promise((resolve, reject) => {
      let pressedAt = 0;
      const onKey = (event) => { if (event.key === 'Enter' && pressedAt === 0) pressedAt = performance.now(); };
      document.addEventListener('keydown', onKey, true);
      const started = performance.now();
      const frame = () => {
        const now = performance.now();
        if (pressedAt > 0 && document.querySelector(selector)?.textContent?.includes(${JSON.stringify(MARKER)})) {
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

type Counters = Record<'TaskDuration' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration', number>;

/** Chromium's cumulative main-thread counters of a page, in seconds. */
async function pageCounters(cdp: CDPSession): Promise<Counters> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? Number.NaN;
  return { TaskDuration: value('TaskDuration'), ScriptDuration: value('ScriptDuration'), LayoutDuration: value('LayoutDuration'), RecalcStyleDuration: value('RecalcStyleDuration') };
}

/** User plus system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, counted in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** What a run cost: `start` just before the timed part, `stop` with its seconds right after it. */
function meter(cdp: CDPSession, pid: number | undefined, bytes: number) {
  let before: Counters | undefined;
  let coreBefore = Number.NaN;
  return {
    async start(): Promise<void> {
      before = await pageCounters(cdp);
      coreBefore = cpuSeconds(pid);
    },
    async stop(seconds: number): Promise<RunCost> {
      const coreAfter = cpuSeconds(pid);
      const after = await pageCounters(cdp);
      const share = (name: keyof Counters) => (after[name] - (before?.[name] ?? Number.NaN)) / seconds;
      return {
        busy: share('TaskDuration'),
        script: share('ScriptDuration'),
        layout: share('LayoutDuration'),
        style: share('RecalcStyleDuration'),
        coreCpuPerMib: (coreAfter - coreBefore) / (bytes / (1024 * 1024)),
      };
    },
  };
}

type Meter = ReturnType<typeof meter>;

async function timeInApp(page: Page, shape: StreamShape, options: BrowserBenchOptions, cost: Meter): Promise<{ seconds: number; cost: RunCost }> {
  // The previous run's marker must be off the screen before the probe looks for it.
  await page.keyboard.type('clear');
  await page.keyboard.press('Enter');
  await waitForRows(page, (text) => !text.includes(MARKER), options.timeoutMs);
  await armProbe(page, options.timeoutMs);
  await page.keyboard.type(drawCommand(shape, options.bytes));
  await cost.start();
  await page.keyboard.press('Enter');
  const seconds = Number(await page.evaluate('window.drawnProbe')) / 1000;
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

export async function browserDrawn(options: BrowserBenchOptions): Promise<BrowserResult> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
  const shapes: StreamShape[] = ['newlines', 'no_newlines'];
  const result: BrowserResult = {
    app: { newlines: [], no_newlines: [] },
    baseline: { newlines: [], no_newlines: [] },
    appCost: { newlines: [], no_newlines: [] },
    baselineCost: { newlines: [], no_newlines: [] },
    renderer: '?',
    cols: 0,
    rows: 0,
  };
  const pid = options.app.child.pid;
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    page.setDefaultTimeout(options.timeoutMs);
    await page.goto(options.app.url);
    await openTerminalInPage(page, options.host);
    const host = page.locator(`${ACTIVE_TERMINAL} .terminal-host`);
    result.renderer = (await host.getAttribute('data-renderer')) ?? '?';
    if (result.renderer !== 'dom') throw new Error(`the drawn stream is timed on the DOM renderer's text; this page draws with ${result.renderer}`);
    // The app's terminal size, for the baseline: rows drawn, and columns from `tput` over the PTY.
    result.rows = await page.locator(`${ACTIVE_TERMINAL} .xterm-rows > div`).count();
    await page.keyboard.type("clear; printf 'SIZE-%s-%s\\n' $(tput cols) END");
    await page.keyboard.press('Enter');
    const text = await waitForRows(page, (rows) => /SIZE-\d+-END/.test(rows), 30_000);
    result.cols = Number(/SIZE-(\d+)-END/.exec(text)?.[1] ?? 80);
    for (let run = 0; run < options.runs; run++) {
      for (const shape of shapes) {
        const { seconds, cost } = await timeInApp(page, shape, options, meter(cdp, pid, options.bytes));
        result.app[shape].push(seconds);
        result.appCost[shape].push(cost);
      }
    }
    const baseline = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    const baselineCdp = await baseline.context().newCDPSession(baseline);
    await baselineCdp.send('Performance.enable');
    await openBaseline(baseline, result.cols, result.rows);
    // One run to warm xterm's code up in this page, not counted (the app's page is warm by its first run).
    await timeBaseline(baseline, 'no_newlines', Math.min(options.bytes, 2_000_000), options.timeoutMs);
    for (let run = 0; run < options.runs; run++) {
      for (const shape of shapes) {
        const cost = meter(baselineCdp, undefined, options.bytes);
        const seconds = await timeBaseline(baseline, shape, options.bytes, options.timeoutMs, cost);
        result.baseline[shape].push(seconds);
        result.baselineCost[shape].push(await cost.stop(seconds));
      }
    }
    return result;
  } finally {
    await browser.close();
  }
}
