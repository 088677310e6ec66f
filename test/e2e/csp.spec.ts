import type { Page } from '@playwright/test';
import { api, go } from './helpers';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

type Violation = { directive: string; blocked: string; sample: string };

/**
 * Collects every Content Security Policy violation the page meets: the DOM's securitypolicyviolation events
 * (recorded from the first script on, for every document the page loads) and Chromium's console reports.
 */
async function watchCsp(page: Page): Promise<{ violations: Violation[]; console: string[] }> {
  const seen = { violations: [] as Violation[], console: [] as string[] };
  await page.exposeFunction('__cspViolation', (v: Violation) => seen.violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation(v: unknown): void }).__cspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) seen.console.push(message.text());
  });
  return seen;
}

const HOSTILE = [
  'Avant de redémarrer, vérifier le **disque** puis <kbd>F8</kbd>.',
  '',
  '<img src=x onerror="window.__pwned=1">',
  '<img src="y" onload="window.__pwned=2" alt="image">',
  '<svg><animate onbegin="window.__pwned=3" attributeName="x" dur="1s"/></svg>',
  '<div onmouseover="window.__pwned=4">survol</div>',
  '<details open ontoggle="window.__pwned=5"><summary>détails</summary>texte</details>',
  '<a href="javascript:window.__pwned=6">lien</a> <iframe src="javascript:window.__pwned=7"></iframe>',
  '<script>window.__pwned=8</script>',
  '<style>body{display:none}</style><p style="color:red">stylé</p>',
].join('\n');

test('an article whose Markdown holds inline handlers shows sanitised, with no CSP violation and nothing run', async ({ page, request, app }) => {
  const seen = await watchCsp(page);
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  const article = await api<{ id: string }>(request, app, 'kb.create', { title: 'Disque qui ne démarre pas', kind: 'resolution', body: HOSTILE });
  await go(page, `#/knowledge/${article.id}`);
  const markdown = page.locator('.knowledge-article .markdown');
  await expect(markdown).toContainText('Avant de redémarrer');
  await expect(markdown.locator('strong')).toHaveText('disque');
  await expect(markdown.locator('kbd')).toHaveText('F8');
  // Raw HTML that carries attributes is shown as the text it is, never parsed.
  await expect(markdown).toContainText('<img src=x onerror="window.__pwned=1">');
  expect(await markdown.locator('script, style, iframe, [onerror], [onload], [onbegin], [onmouseover], [ontoggle], [style], a[href^="javascript"]').count()).toBe(0);
  await markdown.getByText('survol').hover();
  // The editor's live preview sanitises the same text.
  await go(page, `#/knowledge/${article.id}/edit`);
  await expect(page.getByRole('region', { name: 'Preview' })).toContainText('Avant de redémarrer');
  await go(page, `#/knowledge/${article.id}`);
  await expect(markdown).toContainText('Avant de redémarrer');
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(seen.violations).toEqual([]);
  expect(seen.console).toEqual([]);
  await expectAccessible(page);
  await saveScreenshot(page, 'knowledge-article-hostile');
});

test('no screen trips the Content Security Policy (no eval, no inline code)', async ({ page, request, app }) => {
  const seen = await watchCsp(page);
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  const created = await api<{ ticket: { id: string } }>(request, app, 'tickets.create', { title: 'Imprimante hors ligne', kind: 'incident', impact: 2, urgency: 2 });
  for (const [hash, heading] of [
    ['#/queue', 'Queue'],
    ['#/hosts', 'Hosts'],
    ['#/inventory', 'Inventory'],
    ['#/checklists', 'Checklists'],
    ['#/knowledge', 'Knowledge'],
    ['#/reports', 'Indicators'],
    ['#/settings', 'Settings'],
  ] as const) {
    await go(page, hash);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  }
  await go(page, `#/queue/${created.ticket.id}`);
  await expect(page.getByRole('heading', { level: 1, name: /Imprimante hors ligne/ })).toBeVisible();
  await go(page, '#/queue');
  await page.keyboard.press('n');
  await expect(page.getByRole('dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  expect(seen.violations).toEqual([]);
  expect(seen.console).toEqual([]);
});
