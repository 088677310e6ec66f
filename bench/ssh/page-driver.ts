import type { CDPSession, Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import type { CdpPage } from '../../test/setup/cdp-pipe';
import { ACTIVE_TERMINAL } from '../../test/setup/terminal-client';

/**
 * What the drawn-stream bench does to the app's page, by two drivers: Playwright (which enables DevTools'
 * Network domain, so Chromium copies every WebSocket frame to it, base64) and a bare DevTools pipe (no
 * Network domain: what a user's browser does).
 */
export interface PageDriver {
  /** Evaluates a script string in the page (tsx's helpers are not there) and returns its JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  type(text: string): Promise<void>;
  enter(): Promise<void>;
  /** Chromium's cumulative main-thread counters of the page, in seconds. */
  counters(): Promise<Counters>;
}

export type Counters = Record<'TaskDuration' | 'ScriptDuration' | 'LayoutDuration' | 'RecalcStyleDuration', number>;

function pickCounters(metrics: { name: string; value: number }[]): Counters {
  const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? Number.NaN;
  return { TaskDuration: value('TaskDuration'), ScriptDuration: value('ScriptDuration'), LayoutDuration: value('LayoutDuration'), RecalcStyleDuration: value('RecalcStyleDuration') };
}

export async function playwrightDriver(page: Page, cdp: CDPSession): Promise<PageDriver> {
  await cdp.send('Performance.enable');
  return {
    evaluate: async (expression) => (await page.evaluate(expression)) as never,
    type: (text) => page.keyboard.type(text),
    enter: () => page.keyboard.press('Enter'),
    counters: async () => pickCounters((await cdp.send('Performance.getMetrics')).metrics),
  };
}

export async function pipeDriver(page: CdpPage): Promise<PageDriver> {
  await page.send('Performance.enable');
  const key = (type: 'keyDown' | 'keyUp') => page.send('Input.dispatchKeyEvent', { type, key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, ...(type === 'keyDown' ? { text: '\r' } : {}) });
  return {
    evaluate: (expression) => page.evaluate(expression),
    type: async (text) => void (await page.send('Input.insertText', { text })),
    async enter() {
      await key('keyDown');
      await key('keyUp');
    },
    counters: async () => pickCounters((await page.send<{ metrics: { name: string; value: number }[] }>('Performance.getMetrics')).metrics),
  };
}

/** Polls a script string until it is true. */
export async function waitInPage(driver: PageDriver, expression: string, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await driver.evaluate<boolean>(expression))) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} not seen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const SCREEN_TEXT = `(document.querySelector(${JSON.stringify(`${ACTIVE_TERMINAL} .xterm-rows`)})?.textContent ?? '')`;

/** Opens a terminal on host `name` from the Hosts view with the keyboard, as a user does, and focuses it. */
export async function openTerminalWith(driver: PageDriver, name: string, timeoutMs: number): Promise<void> {
  const row = `document.querySelector(${JSON.stringify(`tr[data-host="${name}"]`)})`;
  await waitInPage(driver, `document.readyState === 'complete'`, 'the app page', timeoutMs);
  await driver.evaluate(`location.hash = '#/hosts'`);
  await waitInPage(driver, `!!${row}`, `host ${name} in the Hosts view`, timeoutMs);
  await driver.evaluate(`${row}.focus()`);
  await driver.enter();
  // innerText keeps the rows apart (textContent joins them).
  const rows = `document.querySelector(${JSON.stringify(`${ACTIVE_TERMINAL} .xterm-rows`)})?.innerText ?? ''`;
  await waitInPage(driver, `/^\\$/m.test(${rows})`, 'the shell prompt', timeoutMs);
  await driver.evaluate(`document.querySelector(${JSON.stringify(`${ACTIVE_TERMINAL} .xterm-helper-textarea`)}).focus()`);
}

/** User plus system CPU seconds of a process so far (Linux /proc; NaN elsewhere). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // utime and stime are fields 14 and 15 of stat, counted in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds so far of every Chromium process below `root` (the browser's and its children's). */
export function chromiumCpuSeconds(root: number): number {
  const parents = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      names.set(Number(entry), stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // Gone meanwhile.
    }
  }
  const below = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parents.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const [pid, name] of names) if (/chrom/i.test(name) && below(pid)) total += cpuSeconds(pid);
  return total;
}
