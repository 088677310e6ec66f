import type { Page } from '@playwright/test';
import { en } from '../../renderer/i18n/en';
import { fr } from '../../renderer/i18n/fr';
import { SCENARIOS } from '../../electron/core/tickets/demo-scenarios';
import { expect, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

/**
 * The technician's day in French, screen by screen: no English UI text may show. Two nets:
 * - every English catalogue text that differs from its French one (placeholders as wildcards) must match
 *   no text on the page, whole (so a data word that happens to be an English label is no hit);
 * - English words a French sentence never holds must appear in no text of the UI, outside the demo
 *   workspace's own English tickets (data, not UI) and the proper names and technical tokens below.
 */

function flatten(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** English catalogue texts a French screen must not show, as anchored patterns (placeholders match anything). */
function englishPatterns(): string[] {
  const frTexts = flatten(fr);
  const out = new Set<string>();
  for (const [key, text] of flatten(en)) {
    if (frTexts.get(key) === text) continue; // a proper name or a token, the same in both languages
    const fixed = text.replace(/\{\{[^}]+\}\}/g, '\u0000');
    const letters = fixed.replace(/\u0000/g, '').replace(/[^A-Za-z]/g, '');
    if (letters.length < 4) continue; // "OK", "{{n}} h": nothing English to see
    // A placeholder right after a letter stands for more than the end of that word ("Import{{x}}" is no "Importer").
    const parts = fixed.trim().replace(/\s+/g, ' ').split('\u0000').map(escape);
    out.add(`^${parts.map((part, i) => (i < parts.length - 1 && /\p{L}$/u.test(part) ? `${part}(?!\\p{L})` : part)).join('.+?')}$`);
  }
  return [...out];
}

/** Words of English a French UI sentence never holds (French shares "a", "on", "or", "an", "en", "est"...). */
const ENGLISH_WORDS = [
  'the', 'and', 'with', 'not', 'is', 'are', 'of', 'to', 'for', 'this', 'that', 'from', 'has', 'have', 'was', 'your', 'you', 'will',
  'been', 'yes', 'none', 'open', 'close', 'save', 'cancel', 'delete', 'edit', 'search', 'show', 'hide', 'add', 'remove', 'new',
  'run', 'start', 'stop', 'back', 'next', 'done', 'failed', 'passed', 'warning', 'free', 'used', 'available', 'unavailable', 'ago',
  'hours', 'minutes', 'days', 'today', 'yesterday', 'report', 'settings', 'hosts', 'knowledge',
  'loading', 'error', 'unknown', 'all', 'any', 'when', 'which', 'there', 'their', 'what', 'who', 'how', 'why', 'by', 'in', 'at',
  'be', 'it', 'its', 'no', 'off', 'only', 'more', 'less', 'than', 'then', 'yet', 'since', 'until', 'after', 'before', 'here',
];

/** Proper names and technical tokens the French UI keeps as they are. */
const KEPT = new Set(['smartctl', 'systemd', 'journalctl', 'CUPS', 'SMART', 'NVMe', 'EDAC', 'SSH', 'SFTP', 'VNC', 'HTTP', 'HTTPS', 'IPv4', 'Wi-Fi', 'Atelier', 'ID', 'URL', 'CSV', 'PDF', 'HTML', 'JSON', 'YAML']);

interface Hit {
  text: string;
  why: string;
}

/** Every text a person sees or hears on the page: text nodes, element texts, labels, titles, placeholders. */
async function englishOnPage(page: Page, data: readonly string[]): Promise<Hit[]> {
  return page.evaluate(
    ({ patterns, words, kept, data }) => {
      const catalogue = patterns.map((p) => new RegExp(p, 'su'));
      const wordRe = new RegExp(`(^|[^\\p{L}\\p{N}_'’-])(${words.join('|')})(?=$|[^\\p{L}\\p{N}_'’-])`, 'iu');
      const fromData = (text: string) => data.some((d) => d.includes(text) || (text.length > 25 && text.includes(d.slice(0, 25))));
      // Text nodes (true) may not show raw field names; labels and composite texts (false) hold examples and codes.
      const texts = new Map<string, boolean>();
      const visible = (el: Element) => {
        const style = getComputedStyle(el);
        return style.display !== 'none' && style.visibility !== 'hidden' && (el as HTMLElement).offsetParent !== null;
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || ['SCRIPT', 'STYLE', 'CODE', 'PRE', 'KBD', 'SAMP'].includes(parent.tagName) || parent.closest('code, pre, .xterm, [translate="no"]')) continue;
        if (!visible(parent)) continue;
        const text = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
        if (text) texts.set(text, true);
      }
      for (const el of document.body.querySelectorAll('*')) {
        if (!visible(el) && el.tagName !== 'OPTION') continue;
        for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
          const value = el.getAttribute(attr)?.trim();
          if (value && !texts.has(value)) texts.set(value, false);
        }
        const inner = (el as HTMLElement).innerText?.replace(/\s+/g, ' ').trim();
        if (inner && inner.length < 160 && !el.closest('code, pre, .xterm') && !texts.has(inner)) texts.set(inner, false);
      }
      const hits: { text: string; why: string }[] = [];
      for (const [text, node] of texts) {
        if (fromData(text)) continue;
        const pattern = catalogue.find((re) => re.test(text));
        if (pattern) {
          hits.push({ text, why: `English UI text (${pattern.source.slice(0, 60)})` });
          continue;
        }
        const raw = node && (/\b[a-z]+(?:_[a-z0-9]+)+\s*[:=]/.exec(text) ?? /(?:^|\s)(?:access|account|hardware|network|security|software)\/[a-z-]+(?:$|\s)/.exec(text));
        if (raw) {
          hits.push({ text, why: `raw field name or category path "${raw[0].trim()}"` });
          continue;
        }
        const cleaned = text
          .split(/(\s+)/)
          .filter((w) => !kept.includes(w.replace(/[^\p{L}\p{N}-]/gu, '')))
          .join('')
          // tokens: paths, commands, addresses, identifiers, file names
          .replace(/\S*[/\\=@_:.]\S*[\p{L}\p{N}]\S*/gu, ' ')
          // a checklist rule's field, as its author wrote it: "passed == false"
          .replace(/\S+\s*(?:==|!=|<=|>=|<|>)/gu, ' ');
        const word = wordRe.exec(cleaned);
        if (word) hits.push({ text, why: `English word "${word[2]}"` });
      }
      return hits;
    },
    { patterns: englishPatterns(), words: ENGLISH_WORDS, kept: [...KEPT], data: [...data] },
  );
}

/** The demo workspace's English tickets are data a requester wrote: they stay in English. */
const DEMO_TEXTS = SCENARIOS.flatMap((s) => [s.title, s.description, ...s.comments, s.resolution, s.rootCause, s.escalation ?? '', s.category]).filter(Boolean);

async function expectFrench(page: Page, screen: string, data: readonly string[] = []): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  const hits = await englishOnPage(page, [...DEMO_TEXTS, ...data]);
  await saveScreenshot(page, `fr-${screen}`);
  expect.soft(hits.map((h) => `${screen}: “${h.text.slice(0, 120)}” — ${h.why}`)).toEqual([]);
}

type Run = { runId: string; currentStepId: string; finished: boolean; document: { steps: { id: string; kind: string }[] } };

test('the technician’s day in French: every screen, a checklist run with probe results, the report', async ({ page, app }) => {
  test.setTimeout(240_000); // about 60 s on a quiet machine; a shared 2-core box under load takes two to three times that
  // The demo workspace, smaller than the button's 300 tickets (the same scenarios, a quicker test).
  await api(page.request, app, 'tickets.seedDemo', { count: 40, seed: 42 });
  await expect.poll(async () => (await api<{ tickets: number }>(page.request, app, 'tickets.stats', {})).tickets, { timeout: 30_000 }).toBeGreaterThanOrEqual(40);
  await page.reload();
  await expect(page.getByTestId('queue-count')).toHaveText(/^\d+ tickets$/, { timeout: 30_000 });

  // The net catches English: the same screen in English is full of hits.
  expect((await englishOnPage(page, DEMO_TEXTS)).length).toBeGreaterThan(10);

  await go(page, '#/settings');
  await page.getByLabel('Language', { exact: true }).selectOption('fr');
  await expect(page.getByRole('heading', { level: 1, name: 'Réglages' })).toBeVisible();
  await expectFrench(page, 'settings');

  // A ticket with a checklist run to its end: answers, probes measured and probes that could not measure.
  const { ticket } = await api<{ ticket: { id: string } }>(page.request, app, 'tickets.create', {
    kind: 'incident', title: 'Poste lent depuis ce matin', description: 'Le poste de Mme Garnier rame à l’ouverture de session.', requester: 'Claire Garnier', impact: 2, urgency: 2,
  });
  let run = await api<Run>(page.request, app, 'checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
  for (let i = 0; i < 20 && !run.finished; i++) {
    const step = run.document.steps.find((s) => s.id === run.currentStepId)!;
    const ref = { ticketId: ticket.id, runId: run.runId };
    if (step.kind === 'question') run = await api<Run>(page.request, app, 'checklists.record', { ...ref, action: { kind: 'answer', answer: 1 } });
    else if (step.kind === 'instruction') run = await api<Run>(page.request, app, 'checklists.record', { ...ref, action: { kind: 'instruction', outcome: 'done' } });
    else if (step.kind === 'probe') {
      await api(page.request, app, 'checklists.runProbe', ref);
      const from = run.currentStepId;
      await expect.poll(async () => (run = await api<Run>(page.request, app, 'checklists.run', ref)).currentStepId, { timeout: 30_000 }).not.toBe(from);
    } else break;
  }
  expect(run.finished).toBe(true);
  await api(page.request, app, 'checklists.apply', { ticketId: ticket.id, runId: run.runId, lang: 'fr' });

  await go(page, `#/queue/${ticket.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Poste lent depuis ce matin' })).toBeVisible();
  await expect(page.locator('.timeline')).toContainText('Depuis quand l’ordinateur est-il lent ? — Depuis toujours');
  await expect(page.locator('.timeline')).toContainText(/libres sur/);
  await page.locator('.timeline').scrollIntoViewIfNeeded();
  await expectFrench(page, 'ticket-checklist');
  await page.getByRole('button', { name: 'Voir' }).first().click();
  await expect(page.locator('.wizard')).toBeVisible();
  await expectFrench(page, 'checklist-run');
  await page.keyboard.press('Escape');
  await go(page, `#/queue/${ticket.id}`);
  await page.getByRole('button', { name: 'Rouvrir' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await expectFrench(page, 'reopen-dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('link', { name: /Rapport d’intervention/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Rapport d’intervention T-/ })).toBeVisible();
  await expectFrench(page, 'report-editor');

  for (const section of ['queue', 'hosts', 'inventory', 'checklists', 'knowledge', 'reports'] as const) {
    await go(page, `#/${section}`);
    await expect(page.locator(`a[href="#/${section}"][aria-current="page"]`)).toBeVisible();
    await expect(page.locator('h1')).toBeVisible();
    await expect(page.getByText('Chargement…')).toHaveCount(0);
    await expectFrench(page, section);
    if (section === 'queue') {
      await page.getByRole('button', { name: /^Nouveau ticket/ }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectFrench(page, 'new-ticket-dialog');
      await page.keyboard.press('Escape');
    }
    if (section === 'checklists') {
      await page.getByText('Ordinateur lent', { exact: true }).click();
      await expect(page.locator('.checklist-preview')).toBeVisible();
      await expectFrench(page, 'checklist-preview');
    }
  }

  // The incident report the requester receives, in French (the run escalated: the N2 resolves it).
  const detail = await api<{ ticket: { status: string } }>(page.request, app, 'tickets.get', { id: ticket.id });
  if (detail.ticket.status !== 'resolved') {
    await api(page.request, app, 'tickets.act', { ticketId: ticket.id, type: 'resolved', payload: { resolution: { text: 'Antivirus reconfiguré pour analyser hors des heures de travail.', rootCause: 'Analyse complète planifiée à 9 h.' } } });
  }
  const draft = await api<Record<string, unknown>>(page.request, app, 'reports.incidentDraft', { ticketId: ticket.id, lang: 'fr' });
  const { html } = await api<{ html: string }>(page.request, app, 'reports.incidentPreview', { draft });
  const report = await page.context().newPage();
  await report.setContent(html);
  await expectFrench(report, 'report');
});
