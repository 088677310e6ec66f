import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

/** What the N2 writes: the second answer leads to a step that does not exist (`fixd`), so `fixed` is reached by none. */
const WRITTEN = `id: vpn-drops
version: 1
title: { fr: "Le VPN se coupe", en: "VPN keeps dropping" }
applies_to: { os: [linux, windows, macos], categories: [] }
start: ask-when
steps:
  - id: ask-when
    kind: question
    text: { fr: "Quand le VPN se coupe-t-il ?", en: "When does the VPN drop?" }
    answers:
      - { label: { fr: "Quand le disque est plein", en: "When the disk is full" }, next: check-free }
      - { label: { fr: "Au hasard", en: "At random" }, next: fixd }
  - id: check-free
    kind: probe
    text: { fr: "Espace libre", en: "Free space" }
    probe: disk.free
    rules:
      - { when: { field: free_percent, op: "<", value: 1 }, result: fail }
    next: { pass: escalate, fail: escalate }
  - id: fixed
    kind: conclusion
    diagnosis: { fr: "Disque plein.", en: "Disk full." }
    resolution: { fr: "Place libérée.", en: "Space freed." }
    escalate: none
  - id: escalate
    kind: conclusion
    diagnosis: { fr: "Cause réseau.", en: "Network cause." }
    resolution: { fr: "Transmis.", en: "Passed on." }
    escalate: N2
    escalation_reason: { fr: "Réseau.", en: "Network." }
`;

async function setLevel(page: import('@playwright/test').Page, level: 'N1' | 'N2') {
  await go(page, '#/settings');
  await page.getByLabel('My support level').selectOption(level);
  await expect(page.getByLabel('My support level')).toHaveValue(level);
}

test('an N2 writes a checklist, fixes the problem the validator places at its step and field, previews and publishes it; N1 runs it while the next draft stays invisible', async ({ page }) => {
  test.setTimeout(360_000);
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();

  // N1 (the default) sees the library only.
  await go(page, '#/checklists');
  await expect(page.getByRole('heading', { level: 1, name: 'Checklists' })).toBeVisible();
  await expect(page.getByRole('button', { name: /New checklist/ })).toHaveCount(0);

  await setLevel(page, 'N2');
  await go(page, '#/checklists');
  await expect(page.getByRole('region', { name: 'Drafts' })).toContainText('No draft in progress.');
  await page.keyboard.press('n');
  await expect(page.getByRole('heading', { level: 1, name: 'Draft: New checklist' })).toBeVisible();
  const yaml = page.getByLabel('Checklist (YAML)');
  await expect(yaml).toHaveValue(/^id: new-checklist\n/);
  await expect(page.getByText('No problem found: ready to publish.')).toBeVisible();

  // The author writes; the problem shows as the validator words it, at its step and field.
  await yaml.fill(WRITTEN);
  const problem = page.getByRole('button', { name: /new-checklist\.yaml:ask-when:answers\[1\]\.next: "fixd" is not a step of this checklist/ });
  await expect(problem).toBeVisible();
  await expect(page.getByRole('button', { name: /fixed:id: unreachable/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Publish Ctrl+Enter' })).toBeDisabled();
  // The graph shows what the mistake does.
  const graph = page.getByRole('region', { name: 'Graph of steps' });
  await expect(graph).toContainText('At random → fixd');
  await expect(graph.getByRole('listitem').filter({ hasText: /^Conclusion fixed/ })).toContainText('unreachable');
  await expectAccessible(page);

  // Enter on the problem puts the caret on its line.
  await problem.focus();
  await page.keyboard.press('Enter');
  await expect(yaml).toBeFocused();
  const caretLine = await yaml.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length);
  expect(caretLine).toBe(WRITTEN.split('\n').findIndex((line) => line.includes('next: fixd')) + 1);
  // F8 goes from problem to problem, from anywhere in the text.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('F8');
  expect(await yaml.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length)).toBe(caretLine);
  await page.keyboard.press('F8');
  expect(await yaml.evaluate((el: HTMLTextAreaElement) => el.value.slice(0, el.selectionStart).split('\n').length)).toBe(WRITTEN.split('\n').indexOf('  - id: fixed') + 1);
  await saveScreenshot(page, 'checklist-editor-problem');

  await yaml.fill(WRITTEN.replace('next: fixd', 'next: fixed'));
  await expect(page.getByText('No problem found: ready to publish.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft: VPN keeps dropping' })).toBeVisible();
  await expect(graph).toContainText('At random → fixed');
  await expect(graph.getByText('unreachable')).toHaveCount(0);

  // The wizard preview: the first question, then the step its answer leads to.
  const tryout = page.getByRole('region', { name: 'Wizard preview' });
  await expect(tryout).toContainText('When does the VPN drop?');
  await tryout.getByRole('button', { name: 'When the disk is full' }).click();
  await expect(tryout).toContainText('Free space');
  await tryout.getByRole('button', { name: 'Fail' }).click();
  await expect(tryout).toContainText('Network cause.');
  await tryout.getByRole('button', { name: 'Restart' }).click();
  await tryout.getByRole('button', { name: 'At random' }).click();
  await expect(tryout).toContainText('Disk full.');

  // The dry run measures this machine and says where the wizard would go; no ticket involved.
  const dry = page.getByRole('region', { name: 'Dry run' });
  await dry.getByRole('button', { name: 'Run the checks' }).click();
  await expect(dry.getByRole('row', { name: /check-free/ })).toContainText(/free of [\d.,]+ \S+ \([\d.,]+ %\)/, { timeout: 30_000 });
  await expect(dry.getByRole('row', { name: /check-free/ })).toContainText(/(Pass|Fail)\s*escalate/);
  await expectAccessible(page);
  await saveScreenshot(page, 'checklist-editor');

  await yaml.focus();
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('vpn-drops version 1 is published.')).toBeVisible();
  await expect(page.getByText('This draft is published.', { exact: false })).toBeVisible();

  // The next version starts as a draft; the library keeps version 1 for N1.
  await page.getByRole('button', { name: 'Back to the library' }).click();
  const row = page.getByRole('row', { name: /VPN keeps dropping/ });
  await expect(row).toContainText('v1');
  await expect(row).toContainText('Written in Atelier');
  await page.keyboard.press('e');
  await expect(page.getByRole('heading', { level: 1, name: 'Draft: VPN keeps dropping' })).toBeVisible();
  await expect(yaml).toHaveValue(/^version: 2$/m);
  await yaml.fill((await yaml.inputValue()).replace('When does the VPN drop?', 'When exactly does the VPN drop?'));
  await yaml.focus();
  await page.keyboard.press('Control+s');
  await expect(page.getByRole('status').filter({ hasText: 'Draft saved.' })).toBeVisible();
  await go(page, '#/checklists');
  await expect(page.getByRole('region', { name: 'Drafts' })).toContainText('VPN keeps dropping');

  // N1: no draft anywhere; the published version runs on a ticket.
  await setLevel(page, 'N1');
  await go(page, '#/checklists');
  await expect(page.getByRole('row', { name: /VPN keeps dropping/ })).toContainText('v1');
  await expect(page.getByRole('region', { name: 'Drafts' })).toHaveCount(0);
  await expectAccessible(page);

  await go(page, '#/queue');
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New ticket' });
  await dialog.getByLabel('Title').fill('VPN drops every hour');
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'VPN drops every hour' })).toBeVisible();
  const panel = page.getByRole('region', { name: 'Guided diagnosis' });
  await panel.getByLabel(/Checklist/).selectOption('vpn-drops');
  await panel.getByRole('button', { name: 'Run a checklist' }).click();
  const wizard = page.getByRole('region', { name: 'Checklist wizard' });
  await expect(wizard).toContainText('version 1');
  await expect(wizard.locator('.wizard-step')).toContainText('When does the VPN drop?');
  await expect(wizard).not.toContainText('When exactly');
});

test('in French, the editor words the validator\'s problems in French, schema and graph alike, at the same step and field', async ({ page, app }) => {
  test.setTimeout(120_000);
  await api(page.request, app, 'settings.update', { level: 'N2', language: 'fr' });
  await page.reload();
  await go(page, '#/checklists');
  // The shortcut is the N2's: wait until the view offers it (the level read after the reload) before pressing it.
  await expect(page.getByRole('button', { name: /^Nouvelle procédure/ })).toBeVisible();
  await page.keyboard.press('n');
  const yaml = page.getByLabel('Procédure (YAML)');
  await expect(yaml).toHaveValue(/^id: new-checklist\n/);
  // A version that is not a number and a field the format does not have: zod's problems, in French.
  await yaml.fill(WRITTEN.replace('version: 1', 'version: "un"').replace('applies_to:', 'colour: red\napplies_to:'));
  await expect(page.getByRole('button', { name: /^new-checklist\.yaml:-:version: un nombre attendu, reçu un texte/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /^new-checklist\.yaml:-:colour: champ inconnu "colour"/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('button', { name: /^new-checklist\.yaml:-:colour/ }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'checklist-editor-problem-fr');
  // The graph's problems too.
  await yaml.fill(WRITTEN);
  await expect(page.getByRole('button', { name: /new-checklist\.yaml:ask-when:answers\[1\]\.next: « fixd » n’est pas une étape de cette checklist/ })).toBeVisible();
  await expect(page.getByRole('button', { name: /fixed:id: inatteignable/ })).toBeVisible();
});
