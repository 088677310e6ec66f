import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

/** Another web server on this machine, on another loopback port: it records everything browsers send it. */
async function startNeighbour(): Promise<{ origin: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end('<!doctype html><title>neighbour</title><img src="/pixel.png"><script>fetch("/probe", { credentials: "include" })</script>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

test('the launch secret and the session never reach another local server; the browser\'s cookies open nothing', async ({ page, app, context }) => {
  await expect(page).not.toHaveURL(/token=/);
  const session = await page.evaluate(() => window.sessionStorage.getItem('atelier.session'));
  expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const neighbour = await startNeighbour();
  try {
    // The same tab goes there and back, and another tab of the same browser visits it.
    await page.goto(`${neighbour.origin}/landing`);
    await expect.poll(() => neighbour.seen.some((s) => s.url === '/probe')).toBe(true);
    await page.goBack();
    await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
    const other = await context.newPage();
    await other.goto(`${neighbour.origin}/other-tab`);
    await expect.poll(() => neighbour.seen.filter((s) => s.url === '/probe').length).toBe(2);
    await other.close();

    expect(neighbour.seen.length).toBeGreaterThanOrEqual(6);
    for (const request of neighbour.seen) {
      const sent = JSON.stringify(request);
      expect(sent, request.url).not.toContain(app.secret);
      expect(sent, request.url).not.toContain(session);
      expect(request.headers.cookie, request.url).toBeUndefined();
    }
    for (const cookie of await context.cookies()) {
      expect(cookie.value).not.toContain(app.secret);
      expect(cookie.value).not.toContain(session);
    }
  } finally {
    await new Promise((resolve) => neighbour.server.close(resolve));
  }

  // Whatever the browser holds for 127.0.0.1 (its cookie jar) opens no call and no session.
  const jar = context.request;
  expect((await jar.post(`${app.origin}/api/call/settings.get`, { data: {} })).status()).toBe(401);
  expect((await jar.post(`${app.origin}/api/session`)).status()).toBe(401);
});

test('a reload and a duplicated tab keep the session; a tab opened without the printed address gets none', async ({ page, app, context }) => {
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await expect(page.getByRole('contentinfo')).toContainText(app.dataDir);

  // A second tab from the printed address signs in on its own.
  const second = await context.newPage();
  await second.goto(app.url + '#/settings');
  await expect(second.getByTestId('data-dir')).toHaveText(app.dataDir);
  await expect(second).not.toHaveURL(/token=/);
  await expect(second).toHaveURL(/#\/settings$/);
  await second.close();

  const stranger = await context.newPage();
  await stranger.goto(app.origin + '/#/settings');
  await expect(stranger.getByRole('heading', { level: 1, name: 'Open Atelier from its address' })).toBeVisible();
  await expect(stranger.locator('body')).toContainText('atelier serve');
  await expect(stranger.locator('body')).not.toContainText(app.dataDir);
  await expectAccessible(stranger);
  await saveScreenshot(stranger, 'serve-signed-out');
  await stranger.close();
});
