import { expect, expectAccessible, saveScreenshot, test, pressSequence } from './fixtures';
import { go } from './helpers';

test('run "computer is slow" on a ticket to a conclusion with the keyboard, apply it, see it in the timeline', async ({ page }) => {
  test.setTimeout(150_000);
  await expect(page.getByRole('heading', { level: 1, name: 'Queue' })).toBeVisible();
  await page.keyboard.press('n');
  const dialog = page.getByRole('dialog', { name: 'New ticket' });
  await dialog.getByLabel('Title').fill('Accounting PC is very slow');
  await dialog.getByLabel('Category').selectOption('hardware/performance');
  await dialog.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Accounting PC is very slow' })).toBeVisible();

  // The chooser proposes the checklist made for the ticket's category first.
  const panel = page.getByRole('region', { name: 'Guided diagnosis' });
  await expect(panel.getByLabel(/Checklist/)).toHaveValue('slow-computer');
  await expectAccessible(page);
  await page.keyboard.press('d');
  await expect(panel.getByLabel(/Checklist/)).toBeFocused();
  await panel.getByRole('button', { name: 'Run a checklist' }).click();

  const wizard = page.getByRole('region', { name: 'Checklist wizard' });
  const step = wizard.locator('.wizard-step');
  await expect(step).toContainText('Since when has the computer been slow?');
  await expect(step).toBeFocused();
  await expectAccessible(page);

  // Digits answer, Backspace goes back. Each new step takes the focus once drawn, and acts on keys as soon as
  // it is shown (it used to wait for the ticket's timeline to be fetched again, losing a quick Backspace).
  await page.keyboard.press('2');
  await expect(step).toContainText('Free space on the system disk');
  await expect(step).toBeFocused();
  await page.keyboard.press('Backspace');
  await expect(step).toContainText('Since when has the computer been slow?');
  await expect(step).toBeFocused();
  await page.keyboard.press('2');
  await expect(step).toContainText('Free space on the system disk');
  await expect(step).toBeFocused();

  // Enter runs the probe: a result with its reading is shown, and the run moves on.
  await page.keyboard.press('Enter');
  await expect(wizard.locator('.wizard-last .probe-result')).toContainText(/\d GiB free of \d+(\.\d)? GiB \(\d+(\.\d)? %\)/, { timeout: 30_000 });
  await expectAccessible(page);
  await saveScreenshot(page, 'wizard');

  // Skip one step with a reason.
  await page.keyboard.press('s');
  await expect(wizard.getByLabel('Why skip this step?')).toBeFocused();
  await page.keyboard.type('Checked in the task manager with the user');
  await page.keyboard.press('Control+Enter');
  await expect(wizard.locator('.wizard-path')).toContainText('skipped: Checked in the task manager with the user');

  // The rest depends on this machine's readings: Enter runs each probe (or confirms an instruction).
  const path = wizard.locator('.wizard-path > li');
  for (let i = 0; i < 12; i++) {
    if ((await step.getAttribute('class'))?.includes('kind-conclusion')) break;
    if (await step.locator('.wizard-answers').count()) throw new Error(`unexpected question: ${await step.textContent()}`);
    const before = await path.count();
    await step.focus();
    await page.keyboard.press('Enter');
    await expect(path).toHaveCount(before + 1, { timeout: 30_000 });
  }
  await expect(step).toHaveClass(/kind-conclusion/);
  await expect(step).toContainText('Diagnosis');
  const diagnosis = (await step.locator('.wizard-text').textContent()) ?? '';
  await expectAccessible(page);
  await saveScreenshot(page, 'wizard-conclusion');

  // Enter asks what will be applied; Enter again confirms.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('dialog', { name: 'Apply this conclusion to the ticket?' })).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(wizard.getByText('This conclusion was applied to the ticket.')).toBeVisible();
  const timeline = page.locator('.timeline');
  await expect(timeline).toContainText('started the checklist “Computer is slow”');
  // Each record reads as the question and the answer taken, a probe as its reading in words and units.
  await expect(timeline).toContainText('went back to the checklist step “Since when has the computer been slow?”');
  await expect(timeline).toContainText('checklist · Since when has the computer been slow? — Always');
  await expect(timeline).toContainText(/checklist · Free space on the system disk — (passed|warning|failed)/);
  await expect(timeline).toContainText(/\d \w?i?B free of \d/);
  await expect(timeline).not.toContainText('free_bytes=');
  await expect(timeline).toContainText(`applied the checklist conclusion: ${diagnosis}`);
  await expect(page.locator('.triage, aside').first()).toBeVisible();

  // Closing the wizard lists the run as applied.
  await wizard.getByRole('button', { name: 'Close' }).click();
  await expect(panel.locator('.checklist-runs')).toContainText('conclusion applied');
  await expectAccessible(page);
});

test('checklists section: list with version and origin, preview; an imported file is a draft the N2 dry-runs and publishes', async ({ page }) => {
  test.setTimeout(300_000);
  await pressSequence(page, 'g', 'c');
  await expect(page.getByRole('heading', { level: 1, name: 'Checklists' })).toBeVisible();
  const rows = page.locator('.checklists-table tbody tr');
  await expect(rows).toHaveCount(11);
  await expect(rows.filter({ hasText: 'Computer is slow' })).toContainText('Built-in');
  // Importing makes a draft, which is the authors' business: N1 has no import.
  await expect(page.getByRole('button', { name: /Import a file/ })).toHaveCount(0);
  await expectAccessible(page);

  await rows.filter({ hasText: 'Computer is slow' }).click();
  const preview = page.getByRole('region', { name: /Steps of “Computer is slow”/ });
  await expect(preview).toContainText('disk.free');
  await expect(preview.locator('.preview-step')).toHaveCount(17);
  await page.keyboard.press('j');
  await expect(rows.nth(await rows.filter({ hasText: 'Computer is slow' }).evaluate((el) => [...el.parentElement!.children].indexOf(el)) + 1)).toHaveClass(/selected/);

  await go(page, '#/settings');
  await page.getByLabel('My support level').selectOption('N2');
  await expect(page.getByLabel('My support level')).toHaveValue('N2');
  await go(page, '#/checklists');
  await expect(page.getByRole('button', { name: /Import a file/ })).toBeVisible();

  const input = page.locator('input[type=file]');
  await input.setInputFiles({
    name: 'broken.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from('id: broken\nversion: 1\ntitle: { fr: "Cassé", en: "Broken" }\nstart: a\nsteps:\n  - id: a\n    kind: probe\n    probe: disk.frea\n    next: { pass: b, fail: b }\n'),
  });
  const problems = page.locator('.import-problems');
  await expect(problems).toContainText('broken.yaml was not imported');
  await expect(problems).toContainText('broken.yaml:a:next.pass: "b" is not a step of this checklist');
  await expect(problems).toContainText('broken.yaml:a:probe: unknown probe "disk.frea"');
  await expect(page.getByRole('region', { name: 'Drafts' })).toContainText('No draft in progress.');
  await expectAccessible(page);

  await input.setInputFiles({ name: 'printer-jam.yaml', mimeType: 'application/yaml', buffer: Buffer.from(PRINTER_JAM) });
  // The file opens as a draft: nothing in the library yet.
  await expect(page.getByRole('heading', { level: 1, name: 'Draft: Paper jam' })).toBeVisible();
  await expect(page.getByText('Imported from printer-jam.yaml: nothing reaches N1 until it is published here.')).toBeVisible();
  await expect(page.getByText('No problem found: ready to publish.')).toBeVisible();
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await dryRun.getByRole('button', { name: 'Run the checks' }).click();
  await expect(dryRun.getByRole('status')).toContainText('1 of 1 checks', { timeout: 30_000 });
  await expect(page.getByText('The dry run on This computer (1 check(s)) will be recorded with the publication.')).toBeVisible();
  await expectAccessible(page);
  await saveScreenshot(page, 'checklist-import-draft');

  await go(page, '#/checklists');
  await expect(rows.filter({ hasText: 'Paper jam' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Drafts' })).toContainText('imported from printer-jam.yaml');
  await page.getByRole('region', { name: 'Drafts' }).getByRole('link', { name: 'Paper jam' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Draft: Paper jam' })).toBeVisible();
  await page.getByRole('region', { name: 'Dry run' }).getByRole('button', { name: 'Run the checks' }).click();
  await expect(page.getByText(/will be recorded with the publication/)).toBeVisible({ timeout: 30_000 });
  await page.getByLabel('Checklist (YAML)').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('printer-jam version 2 is published.')).toBeVisible();
  const record = page.getByRole('note', { name: 'Publication record' });
  await expect(record).toContainText(/Published by .+ on .+: 4 step\(s\) checked without problem\./);
  await expect(record).toContainText(/Dry run on This computer before publishing: 1 × (Pass|Warning|Fail|Not available)\./);
  await expectAccessible(page);
  await saveScreenshot(page, 'checklist-import-published');

  await go(page, '#/checklists');
  await expect(rows.filter({ hasText: 'Paper jam' })).toContainText('Imported file');
  await expect(rows.filter({ hasText: 'Paper jam' })).toContainText('printer-jam.yaml');
  await rows.filter({ hasText: 'Paper jam' }).click();
  await expect(page.getByRole('region', { name: /Steps of “Paper jam”/ })).toContainText('Open the cover');
  await expect(page.getByRole('region', { name: 'Drafts' })).toContainText('No draft in progress.');
  await expectAccessible(page);
  await page.locator('#main').evaluate((el) => el.scrollTo(0, 0));
  await saveScreenshot(page, 'checklists');
});

const PRINTER_JAM = `id: printer-jam
version: 2
title: { fr: "Bourrage papier", en: "Paper jam" }
applies_to: { categories: [hardware/printer] }
start: spool-room
steps:
  - id: spool-room
    kind: probe
    text: { fr: "Place pour la file d’impression", en: "Room for the print queue" }
    probe: disk.free
    args: { mount: "/" }
    rules:
      - { when: { field: free_percent, op: "<", value: 1 }, result: fail }
    next: { pass: open, fail: open, unavailable: open }
  - id: open
    kind: instruction
    text: { fr: "Ouvrez le capot et retirez la feuille.", en: "Open the cover and remove the sheet." }
    next: { done: ok, failed: ko }
  - id: ok
    kind: conclusion
    diagnosis: { fr: "Bourrage.", en: "Paper jam." }
    resolution: { fr: "Feuille retirée.", en: "Sheet removed." }
    escalate: none
  - id: ko
    kind: conclusion
    diagnosis: { fr: "Bourrage inaccessible.", en: "Jam out of reach." }
    resolution: { fr: "Intervention du prestataire.", en: "Vendor visit." }
    escalate: N2
    escalation_reason: { fr: "Pièce à démonter.", en: "A part must be removed." }
`;
