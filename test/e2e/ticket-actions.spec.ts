import type { Page } from '@playwright/test';
import { api, go } from './helpers';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';

async function expectDistinctButtonNames(page: Page): Promise<void> {
  const names = (await page.locator('main').getByRole('button').allTextContents()).map((n) => n.trim()).filter(Boolean);
  expect(names.filter((n, i) => names.indexOf(n) !== i), `duplicate button names: ${names.join(' | ')}`).toEqual([]);
}

type Detail = { ticket: { id: string; status: string; level: string } };

// A two-answer checklist: one answer ends in a resolving conclusion, the other escalates to N2.
const CHECKLIST = `
id: e2e-confirm
version: 1
title: { fr: Imprimante bloquée, en: Printer stuck }
applies_to: { os: [linux, windows, macos], categories: [hardware/printer] }
start: ask
steps:
  - id: ask
    kind: question
    text: { fr: Le bourrage est-il retiré ?, en: Is the jam cleared? }
    answers:
      - { label: { fr: Oui, en: "Yes" }, next: fixed }
      - { label: { fr: Non, en: "No" }, next: vendor }
  - id: fixed
    kind: conclusion
    diagnosis: { fr: Bourrage papier, en: Paper jam }
    resolution: { fr: Bourrage retiré et page de test imprimée, en: Jam cleared and a test page printed }
    escalate: none
    category: hardware/printer
  - id: vendor
    kind: conclusion
    diagnosis: { fr: Rouleau usé, en: Worn roller }
    resolution: { fr: Le rouleau doit être changé, en: The roller must be replaced }
    escalate: N2
    escalation_reason: { fr: Pièce à commander, en: A part must be ordered }
`;

test('a resolved ticket offers only what makes sense, each named once, and never says "closed"', async ({ page, app }) => {
  const { ticket } = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Scanner offline', impact: 2, urgency: 2 });
  await api(page.request, app, 'tickets.act', { ticketId: ticket.id, type: 'status_changed', payload: { from: 'new', to: 'pending' } });
  await go(page, `#/queue/${ticket.id}`);
  const bar = page.getByRole('toolbar', { name: 'Actions' });
  await expect(bar.getByRole('button', { name: 'Resume work' })).toBeVisible();
  await expect(bar.getByRole('button', { name: 'Put on hold' })).toHaveCount(0);

  await api(page.request, app, 'tickets.act', { ticketId: ticket.id, type: 'resolved', payload: { resolution: { text: 'Cable replaced', rootCause: 'Broken cable' } } });
  await go(page, '#/queue');
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await go(page, `#/queue/${ticket.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Scanner offline' })).toBeVisible();
  await expect(bar.getByRole('button')).toHaveText(['Close', 'Reopen']);
  const panel = page.getByRole('region', { name: 'Guided diagnosis' });
  await expect(panel).toContainText('The ticket is resolved: reopen it to run a checklist.');
  await expect(page.locator('main')).not.toContainText('is closed');
  await expectDistinctButtonNames(page);
  await expectAccessible(page);
  await saveScreenshot(page, 'ticket-actions-resolved');

  // French: "résolu", never "clos", and the actions named once.
  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.goto(`${app.url}#/queue/${ticket.id}`);
  await page.reload();
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button')).toHaveText(['Clore', 'Rouvrir']);
  await expect(page.getByRole('region', { name: 'Diagnostic guidé' })).toContainText('Le ticket est résolu : rouvrez-le pour lancer une procédure.');
  await expectDistinctButtonNames(page);
  await saveScreenshot(page, 'ticket-actions-resolved-fr');
});

test('applying a checklist conclusion shows what it will do; Escape leaves the ticket alone, Enter applies', async ({ page, app }) => {
  test.setTimeout(120_000);
  // An imported file is a draft an author publishes.
  await api(page.request, app, 'settings.update', { level: 'N2' });
  const imported = await api<{ ok: boolean; problems: string[]; draftId: string }>(page.request, app, 'checklists.import', { yaml: CHECKLIST, source: 'e2e-confirm.yaml' });
  expect(imported.problems).toEqual([]);
  await api(page.request, app, 'checklists.publish', { draftId: imported.draftId });
  const { ticket } = await api<Detail>(page.request, app, 'tickets.create', { kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2, category: 'hardware/printer' });
  await go(page, `#/queue/${ticket.id}`);
  const panel = page.getByRole('region', { name: 'Guided diagnosis' });
  await panel.getByLabel(/Checklist/).selectOption('e2e-confirm');
  await panel.getByRole('button', { name: 'Run a checklist' }).click();
  const step = panel.locator('.wizard-step');
  await expect(step).toContainText('Is the jam cleared?');
  await page.keyboard.press('2');
  await expect(step).toHaveClass(/kind-conclusion/);

  // Enter asks first, saying what will be applied, with the texts.
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Apply this conclusion to the ticket?' });
  await expect(dialog).toContainText('Escalate to N2 with this reason:');
  await expect(dialog).toContainText('A part must be ordered');
  await expect(dialog).toContainText('Add this comment for the requester:');
  await expect(dialog).not.toContainText('Resolve with this resolution');
  await expectAccessible(page);
  await saveScreenshot(page, 'ticket-actions-confirm-escalate');

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  let detail = await api<Detail>(page.request, app, 'tickets.get', { id: ticket.id });
  expect(detail.ticket).toMatchObject({ status: 'new', level: 'N1' });
  await expect(panel.getByText('This conclusion was applied to the ticket.')).toHaveCount(0);

  // Back to the other answer: the resolving conclusion names the resolution instead.
  await step.focus();
  await page.keyboard.press('Backspace');
  await expect(step).toContainText('Is the jam cleared?');
  // Digits act once the previous answer is stored (the buttons are enabled again).
  await expect(step.getByRole('button', { name: /Yes/ })).toBeEnabled();
  await page.keyboard.press('1');
  await expect(step).toContainText('Paper jam');
  await page.keyboard.press('Enter');
  await expect(dialog).toContainText('Resolve with this resolution:');
  await expect(dialog).toContainText('Jam cleared and a test page printed');
  await expect(dialog).toContainText('Root cause: Paper jam');
  await expect(dialog).not.toContainText('Escalate');
  await saveScreenshot(page, 'ticket-actions-confirm-resolve');
  await page.keyboard.press('Enter');
  await expect(panel.getByText('This conclusion was applied to the ticket.')).toBeVisible();
  detail = await api<Detail>(page.request, app, 'tickets.get', { id: ticket.id });
  expect(detail.ticket.status).toBe('resolved');
  await expect(page.getByRole('toolbar', { name: 'Actions' }).getByRole('button')).toHaveText(['Close', 'Reopen']);
  await expect(panel.getByRole('button', { name: 'Close the checklist' })).toBeVisible();
  await expectDistinctButtonNames(page);
  await expectAccessible(page);
});

test('the article editor picks its category from the tree, keeping an older free-text one visible', async ({ page, app }) => {
  const article = await api<{ id: string }>(page.request, app, 'kb.create', { title: 'Fan noise', kind: 'resolution', body: 'Clean the fan.', category: 'facilities/fans' });
  await go(page, `#/knowledge/${article.id}/edit`);
  const category = page.getByLabel('Category');
  await expect(category).toHaveValue('facilities/fans');
  await expect(category.locator('option:checked')).toHaveText('facilities/fans (not in the category tree)');
  await expect(category.locator('option[value="hardware/cooling"]')).toHaveText(/Cooling/);
  await expect(category.locator('option[value="network/connectivity"]')).toHaveText(/Connectivity/);
  await category.selectOption('hardware/cooling');
  await expectAccessible(page);
  await saveScreenshot(page, 'ticket-actions-article-category');
  await page.getByRole('button', { name: /Save/ }).click();
  await expect(page).toHaveURL(new RegExp(`#/knowledge/${article.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Fan noise', exact: true })).toBeVisible();
  const saved = await api<{ category: string }>(page.request, app, 'kb.get', { id: article.id });
  expect(saved.category).toBe('hardware/cooling');
});
