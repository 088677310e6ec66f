import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../setup/chromium';
import { ACTIVE_TERMINAL, addTrustedHost, openTerminalInPage, serveCall, terminalScreen, waitForScreen } from '../setup/terminal-client';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { useSshdWithClientKey } from './helpers';

const box = useSshdWithClientKey();

function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to apply/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

const terminalHost = (page: Page) => page.locator(`${ACTIVE_TERMINAL} .terminal-host`);

test('the terminal says how it is drawn, and Ctrl-C stops a `yes` flood and gives the prompt back', async ({ page, app }) => {
  const csp = watchCsp(page);
  await addTrustedHost(app, 'box', box.sshd, box.key.privateKeyFile);
  await openTerminalInPage(page, 'box');

  // Headless Chromium's WebGL is SwiftShader (software): the automatic choice keeps the DOM renderer.
  const badge = page.getByTestId('terminal-renderer');
  await expect(terminalHost(page)).toHaveAttribute('data-renderer', /^(webgl|dom)$/);
  const kind = await terminalHost(page).getAttribute('data-renderer');
  await expect(badge).toHaveAttribute('data-renderer', kind ?? '');
  await expect(badge).toHaveText(kind === 'webgl' ? 'Drawn with WebGL' : 'Drawn without WebGL');
  if (kind === 'dom') await expect(badge).toHaveAttribute('title', /software rendering|not available/);

  await page.keyboard.type('yes');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1500);
  await page.keyboard.press('Control+c');
  await page.keyboard.type('echo STOPPED-$((40+2))');
  await page.keyboard.press('Enter');
  const text = await waitForScreen(page, /STOPPED-42\s*\n\$/, 15_000);
  // The flood did reach the screen before the interrupt, and nothing follows the prompt.
  expect(text).toMatch(/^y$/m);
  await page.waitForTimeout(500);
  expect(await terminalScreen(page)).toBe(text);

  expect(csp).toEqual([]);
  await expectAccessible(page);
  await saveScreenshot(page, 'terminal-after-flood');
});

test('WebGL draws when chosen, and a lost GPU context falls back to the DOM renderer with the styles intact', async ({ page, app }) => {
  const csp = watchCsp(page);
  const webgl2 = await page.evaluate(() => document.createElement('canvas').getContext('webgl2') !== null);
  test.skip(!webgl2, 'this Chromium has no WebGL 2 at all (the next test covers that path)');
  // Use WebGL even on a software rasterizer, as a machine with a GPU would.
  await page.evaluate(() => localStorage.setItem('atelier.terminalRenderer', 'webgl'));
  await addTrustedHost(app, 'gpu', box.sshd, box.key.privateKeyFile);
  await page.goto(`${app.origin}/#/hosts`);
  await page.locator('tr[data-host="gpu"]').focus();
  await page.keyboard.press('Enter');
  await expect(terminalHost(page)).toHaveAttribute('data-renderer', 'webgl');
  await expect(page.getByTestId('terminal-renderer')).toHaveText('Drawn with WebGL');
  // WebGL draws into a canvas: no DOM rows.
  await expect(page.locator(`${ACTIVE_TERMINAL} .xterm-screen canvas`).first()).toBeVisible();
  await expect(page.locator(`${ACTIVE_TERMINAL} .xterm-rows`)).toHaveCount(0);
  await page.locator(`${ACTIVE_TERMINAL} .xterm-screen`).click();
  await page.keyboard.type('echo BEFORE-$((1+1))');
  await page.keyboard.press('Enter');
  await saveScreenshot(page, 'terminal-webgl');

  // The GPU drops the context (as on a driver reset): the addon waits 3 s for a restore, then gives up.
  const lost = await page.evaluate((selector) => {
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`${selector} .xterm-screen canvas`)) {
      const gl = canvas.getContext('webgl2');
      const lose = gl?.getExtension('WEBGL_lose_context');
      if (lose) {
        lose.loseContext();
        return true;
      }
    }
    return false;
  }, ACTIVE_TERMINAL);
  expect(lost).toBe(true);
  await expect(terminalHost(page)).toHaveAttribute('data-renderer', 'dom', { timeout: 10_000 });
  const badge = page.getByTestId('terminal-renderer');
  await expect(badge).toHaveText('Drawn without WebGL');
  await expect(badge).toHaveAttribute('title', /dropped/);
  // The DOM renderer shows the scrollback drawn before, keeps working, and got its styles through the CSP-safe path.
  await waitForScreen(page, /BEFORE-2/, 5_000);
  await page.locator(`${ACTIVE_TERMINAL} .xterm-screen`).click();
  await page.keyboard.type('echo AFTER-$((2+2))');
  await page.keyboard.press('Enter');
  await waitForScreen(page, /AFTER-4/, 10_000);
  // The DOM renderer measures cells differently (WebGL rounds to device pixels): the pane was refitted, not overflowed.
  const widths = await terminalHost(page).evaluate((el) => [el.querySelector('.xterm-screen')?.getBoundingClientRect().width ?? 0, el.clientWidth]);
  expect(widths[0]).toBeGreaterThan(0);
  expect(widths[0]).toBeLessThanOrEqual(widths[1] ?? 0);
  expect(await page.locator(`${ACTIVE_TERMINAL} .xterm-rows`).evaluate((el) => getComputedStyle(el).color)).toBe('rgb(230, 234, 240)');
  expect(csp).toEqual([]);
  await expectAccessible(page);
  await saveScreenshot(page, 'terminal-webgl-lost');
});

test('without WebGL (disabled 3D APIs) the terminal is drawn by the DOM renderer and says why', async ({ app }) => {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--disable-3d-apis'], timeout: 30_000 });
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
      const csp = watchCsp(page);
    await page.goto(app.url);
    expect(await page.evaluate(() => document.createElement('canvas').getContext('webgl2'))).toBeNull();
    await addTrustedHost(app, 'nogpu', box.sshd, box.key.privateKeyFile);
    await openTerminalInPage(page, 'nogpu');
    await expect(terminalHost(page)).toHaveAttribute('data-renderer', 'dom');
    await expect(page.getByTestId('terminal-renderer')).toHaveAttribute('title', /not available/);
    await page.keyboard.type('echo PLAIN-$((3+3))');
    await page.keyboard.press('Enter');
    await waitForScreen(page, /PLAIN-6/, 10_000);
    expect(csp).toEqual([]);
  } finally {
    await browser.close();
  }
});

// Every control sequence xterm runs with a count or a position, each with a count no screen has. Unbounded,
// `CSI 999999999 S` alone kept the page frozen for more than 20 s (xterm splices one line per unit).
const HUGE_COUNT_SEQUENCES = [
  'S', 'T', 'L', 'M', '@', 'P', 'X', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'd', 'e', '`', 'a', 'I', 'Z', 'H', 'f',
  ' @', ' A', "'}", "'~",
].map((final) => ({ final, printf: `\\033[999999999${final.replace("'", "'\\''")}` }));

/**
 * Arms a probe in the page: the longest gap between animation frames from now until `marker` is on the
 * screen. A page busy in xterm's parser draws no frame, so the gap is how long it did not answer.
 */
async function longestFrameGapUntil(page: Page, marker: string, timeoutMs: number): Promise<() => Promise<number>> {
  await page.evaluate(
    ({ selector, marker, timeoutMs }) => {
      const w = window as unknown as { gapProbe: Promise<number> };
      w.gapProbe = new Promise((resolve, reject) => {
        const started = performance.now();
        let last = started;
        let worst = 0;
        const frame = () => {
          const now = performance.now();
          worst = Math.max(worst, now - last);
          last = now;
          if (document.querySelector(selector)?.textContent?.includes(marker)) return resolve(worst);
          if (now - started > timeoutMs) return reject(new Error(`${marker} not on screen within ${timeoutMs} ms (longest frame gap ${worst.toFixed(0)} ms)`));
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
      w.gapProbe.catch(() => undefined);
    },
    { selector: `${ACTIVE_TERMINAL} .xterm-rows`, marker, timeoutMs },
  );
  // A frozen page does not answer at all: after `timeoutMs` the gap is taken as infinite.
  return async () => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frozen = new Promise<number>((resolve) => (timer = setTimeout(() => resolve(Number.POSITIVE_INFINITY), timeoutMs + 5_000)));
    const answer = page.evaluate(() => (window as unknown as { gapProbe: Promise<number> }).gapProbe).then(Number);
    answer.catch(() => undefined);
    const gap = await Promise.race([answer, frozen]);
    clearTimeout(timer);
    return gap;
  };
}

test('a host sending control sequences with huge counts does not freeze the page, and the terminal keeps working', async ({ page, app }) => {
  test.setTimeout(360_000);
  await addTrustedHost(app, 'counts', box.sshd, box.key.privateKeyFile);
  await openTerminalInPage(page, 'counts');
  await expect(terminalHost(page)).toHaveAttribute('data-renderer', 'dom');
  const sessionId = (await terminalHost(page).getAttribute('data-session')) ?? '';
  // Commands go straight to the session (typing each would take longer than the sequences themselves).
  const run = (command: string) => serveCall(app, 'terminal.write', { sessionId, data: `${command}\n` });
  await run('stty -echo');

  // The same round trip with a harmless sequence: what a page that does nothing heavy shows on this machine
  // right now (a shared 2-core machine delays frames by hundreds of ms at times, whatever the page does).
  let sent = 0;
  const quiet: number[] = [];
  const roundTrip = async (printf: string) => {
    const marker = `SEQ-${sent}-DONE`;
    const gap = await longestFrameGapUntil(page, marker, 30_000);
    // REP repeats the character before it: give it one.
    await run(`printf 'x${printf}'; printf '\\n%s-%s-%s\\n' SEQ ${sent++} DONE`);
    return gap();
  };
  // The page must answer within 100 ms more than that.
  const limit = () => 100 + Math.max(...quiet);

  // A late frame happens at random; a freeze happens every time. So each sequence goes beside a quiet
  // sample, is sent again while over the limit (three tries in all), and its best try counts.
  const gaps: Record<string, number> = {};
  for (const { final, printf } of HUGE_COUNT_SEQUENCES) {
    let best = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && !(best <= limit()); attempt++) {
      const calm = await roundTrip('\\033[5S');
      // Still frozen by the sequence before: that one did not let the page answer.
      if (calm === Number.POSITIVE_INFINITY) break;
      quiet.push(calm);
      const measured = await roundTrip(printf);
      best = Math.min(best, measured);
      // A frozen page answers nothing more.
      if (measured === Number.POSITIVE_INFINITY) break;
    }
    gaps[JSON.stringify(final)] = Math.round(best);
    if (best === Number.POSITIVE_INFINITY) break;
  }
  expect(Object.entries(gaps).filter(([, gap]) => gap > limit()), `longest frame gaps (ms); quiet page up to ${Math.round(Math.max(...quiet))} ms`).toEqual([]);

  // The screen still works: the shell answers and its output lands where it should.
  await run("stty echo; clear; printf '%s-%s\\n' READY 2");
  await waitForScreen(page, /READY-2\s*\n\$/, 15_000);
  await page.keyboard.type('echo AFTER-$((40+2))');
  await page.keyboard.press('Enter');
  const text = await waitForScreen(page, /AFTER-42\s*\n\$/, 15_000);
  expect(text).toMatch(/^READY-2\s*\n\$ echo AFTER-\$\(\(40\+2\)\)\s*\nAFTER-42\s*\n\$/);
  await saveScreenshot(page, 'terminal-after-huge-counts');
});
