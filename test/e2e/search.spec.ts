import type { Locator, Page } from '@playwright/test';
import { ARTICLES, QUERIES, TICKETS } from '../setup/search-corpus';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

/** A few of the corpus's queries, typed as a technician types them. */
const TYPED_IN_QUEUE = ['ERROR_ACCESS_DENIED', 'setup_x64.exe', 'C:\\Windows\\Logs\\CBS\\CBS.log', '0x8007', '"access denied', 'imprimante OR écran', 'ping -t'];
const TYPED_IN_KB = ['ERROR_ACCESS_DENIED', 'KB5034441', '\\\\srv-files\\compta', 'setup_x64.exe', 'ACCESS_DENIED'];

function expected(text: string, side: 'tickets' | 'articles'): string[] {
  const query = QUERIES.find((q) => q.text === text);
  if (!query) throw new Error(`${text} is not in the search corpus`);
  const keys = query[side];
  const all = side === 'tickets' ? TICKETS : ARTICLES;
  return all.filter((item) => keys === 'all' || keys.includes(item.key)).map((item) => item.title).sort();
}

async function titles(list: Locator, strip: RegExp): Promise<string[]> {
  return (await list.allInnerTexts()).map((text) => text.replace(strip, '').trim()).sort();
}

async function typeSearch(page: Page, text: string): Promise<void> {
  await page.keyboard.press('/');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

test('error codes, paths and file names typed in the queue and knowledge searches find their tickets and articles', async ({ page, app, request }) => {
  test.setTimeout(300_000); // a dozen searches and two axe runs, on a 2-core machine shared by other runs
  for (const t of TICKETS) {
    const { ticket } = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', { kind: 'incident', title: t.title, description: t.description, impact: 2, urgency: 2 });
    if (t.comment) await api(request, app, 'tickets.act', { ticketId: ticket.id, type: 'comment_added', payload: { text: t.comment, internal: false } });
  }
  for (const a of ARTICLES) await api(request, app, 'kb.create', { title: a.title, kind: 'resolution', body: a.body, tags: a.tags ?? [] });

  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await expect(page.getByTestId('queue-count')).toHaveText(`${TICKETS.length} tickets`);
  for (const text of TYPED_IN_QUEUE) {
    await typeSearch(page, text);
    await expect(page.getByLabel('Search tickets')).toHaveValue(text);
    const want = expected(text, 'tickets');
    await expect.poll(() => titles(page.locator('.grid-row .row-title'), /^T-[0-9A-F]{6}\s*/), { message: text }).toEqual(want);
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
  await typeSearch(page, 'ERROR_ACCESS_DENIED');
  await expect(page.locator('.grid-row .snippet mark')).toHaveText(['ERROR', 'ACCESS', 'DENIED']);
  await expectAccessible(page);
  await saveScreenshot(page, 'queue-search-error-code');

  await go(page, '#/knowledge');
  await expect(page.getByRole('heading', { level: 1, name: 'Knowledge base' })).toBeVisible();
  for (const text of TYPED_IN_KB) {
    await typeSearch(page, text);
    await expect(page.getByLabel('Search articles (/)')).toHaveValue(text);
    const want = expected(text, 'articles');
    await expect.poll(() => titles(page.locator('.article-list li strong'), /^$/), { message: text }).toEqual(want);
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
  await expectAccessible(page);
  await saveScreenshot(page, 'knowledge-search-error-code');
});
