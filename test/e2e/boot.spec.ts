/**
 * The page's boot in serve mode: the first screen's calls leave while the page's script is still running
 * (renderer/api/early.ts), and each is asked once, the boot taking the answer asked for early.
 */
import type { Page, Request } from '@playwright/test';
import { expect, test } from './fixtures';

const BOOT_CALLS = ['settings.get', 'store.state', 'tickets.query'] as const;

/** The boot's calls of one page load, from the address to the app's ready mark. */
async function bootRequests(page: Page, load: () => Promise<unknown>): Promise<{ calls: Map<string, Request[]>; scriptDone: number }> {
  const calls = new Map<string, Request[]>(BOOT_CALLS.map((name) => [name, []]));
  const seen = (request: Request) => {
    const name = /\/api\/call\/([^?]+)$/.exec(new URL(request.url()).pathname)?.[1];
    if (name) calls.get(decodeURIComponent(name))?.push(request);
  };
  page.on('request', seen);
  await load();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached', timeout: 60_000 });
  page.off('request', seen);
  // A module script has run by DOMContentLoaded; both clocks are the page's wall clock, in ms.
  const scriptDone = await page.evaluate(() => performance.timeOrigin + (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart);
  for (const requests of calls.values()) await Promise.all(requests.map((request) => request.response()));
  return { calls, scriptDone };
}

test('the first screen\'s calls leave while the script still runs, once each, with the printed address and after a reload', async ({ app, context }) => {
  const page = await context.newPage();
  for (const load of [() => page.goto(app.url), () => page.reload()]) {
    const { calls, scriptDone } = await bootRequests(page, load);
    for (const name of BOOT_CALLS) {
      const firstPage = (calls.get(name) ?? []).filter((request) => name !== 'tickets.query' || JSON.parse(request.postData() ?? '{}').offset === 0);
      // The queue's first page once: the boot took the early answer instead of asking again.
      if (name === 'tickets.query') expect(firstPage, name).toHaveLength(1);
      expect(firstPage.length, name).toBeGreaterThan(0);
      expect(firstPage[0]!.timing().startTime, `${name} asked before the script had run`).toBeLessThan(scriptDone);
    }
  }
});
