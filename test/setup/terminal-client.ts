import type { Page } from '@playwright/test';
import type { Sshd } from './sshd';

/**
 * Terminal helpers over serve mode, shared by the e2e specs and `bench/ssh`: contract calls over HTTP with
 * the launch secret, and reading what xterm's DOM renderer shows.
 */
export interface ServeEndpoint {
  origin: string;
  secret: string;
}

export async function serveCall<T = Record<string, unknown>>(app: ServeEndpoint, name: string, body: unknown): Promise<T> {
  const response = await fetch(`${app.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.secret}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const answer = (await response.json()) as { ok?: boolean; result?: T; error?: unknown };
  if (!answer.ok) throw new Error(`${name}: ${JSON.stringify(answer.error)}`);
  return answer.result as T;
}

/** Adds the test sshd as host `name` and pins its key as the UI's "Trust and connect" does, so the UI connects without asking. */
export async function addTrustedHost(app: ServeEndpoint, name: string, sshd: Sshd, privateKeyFile: string): Promise<void> {
  await serveCall(app, 'hosts.add', { name, address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: privateKeyFile } });
  const first = await serveCall<{ status: string; offer?: { fingerprint: string } }>(app, 'terminal.open', { name, cols: 80, rows: 24 });
  if (first.status !== 'hostKey' || first.offer?.fingerprint !== sshd.hostFingerprint()) {
    throw new Error(`terminal.open on new host ${name} should offer the sshd's key: ${JSON.stringify(first)}`);
  }
  await serveCall(app, 'knownHosts.trust', { name, fingerprint: sshd.hostFingerprint() });
}

export const ACTIVE_TERMINAL = '.terminal-panel:not([hidden])';

/** Opens a terminal on a trusted host from the Hosts view, with the keyboard, and waits for the shell prompt. */
export async function openTerminalInPage(page: Page, name: string): Promise<void> {
  await page.goto(`${new URL(page.url()).origin}/#/hosts`);
  const row = page.locator(`tr[data-host="${name}"]`);
  await row.waitFor({ timeout: 10_000 });
  await row.focus();
  await page.keyboard.press('Enter');
  await page.locator(`${ACTIVE_TERMINAL} .terminal-host[data-renderer]`).waitFor({ timeout: 10_000 });
  await waitForScreen(page, /^\$/m, 10_000);
  await page.locator(`${ACTIVE_TERMINAL} .xterm-screen`).click();
}

/** What xterm's DOM renderer shows, as text (it draws spaces as no-break spaces). Empty under WebGL. */
export async function terminalScreen(page: Page): Promise<string> {
  const rows = page.locator(`${ACTIVE_TERMINAL} .xterm-rows`);
  if ((await rows.count()) === 0) return '';
  return (await rows.innerText()).replace(/\u00a0/g, ' ');
}

export async function waitForScreen(page: Page, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await terminalScreen(page);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`terminal screen did not match ${pattern} within ${timeoutMs} ms; it shows:\n${text}`);
    await page.waitForTimeout(50);
  }
}

/**
 * Ctrl-C under a flood, timed in the page: from the Ctrl-C keydown to the first animation frame whose
 * screen shows the output of a command typed right after it (`echo FLOOD-STOPPED-$((20+22))` prints
 * `FLOOD-STOPPED-42`; its echo as typed does not contain that text). That frame comes after every byte the
 * flood produced before the interrupt has been drawn, so it is the moment the output has stopped on screen
 * and the prompt works again. Rejects after `timeoutMs`.
 */
export async function timeCtrlCUnderFlood(page: Page, timeoutMs: number): Promise<number> {
  const marker = 'FLOOD-STOPPED-42';
  // A script string, not a function: tsx (the benches) wraps named inner functions in a helper the page lacks.
  await page.evaluate(`(() => {
    const marker = ${JSON.stringify(marker)};
    const selector = ${JSON.stringify(`${ACTIVE_TERMINAL} .xterm-rows`)};
    const timeoutMs = ${Number(timeoutMs)};
    window.floodProbe = new Promise((resolve, reject) => {
      let pressedAt = 0;
      const started = performance.now();
      const onKey = (event) => {
        if (event.ctrlKey && event.key.toLowerCase() === 'c' && pressedAt === 0) pressedAt = performance.now();
      };
      document.addEventListener('keydown', onKey, true);
      const frame = () => {
        const now = performance.now();
        if (pressedAt > 0 && document.querySelector(selector)?.textContent?.includes(marker)) {
          document.removeEventListener('keydown', onKey, true);
          return resolve(now - pressedAt);
        }
        if (now - started > timeoutMs) {
          document.removeEventListener('keydown', onKey, true);
          return reject(new Error('no ' + marker + ' on screen within ' + timeoutMs + ' ms'));
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    window.floodProbe.catch(() => undefined);
  })()`);
  await page.keyboard.press('Control+c');
  await page.keyboard.type('echo FLOOD-STOPPED-$((20+22))');
  await page.keyboard.press('Enter');
  return Number(await page.evaluate('window.floodProbe'));
}
