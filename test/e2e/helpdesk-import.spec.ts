import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../setup/serve-process';
import { expect, expectAccessible, saveScreenshot, test, pressSequence } from './fixtures';

const GLPI_1252 = join(REPO_ROOT, 'test', 'fixtures', 'helpdesk', 'glpi-tickets-fr-cp1252.csv');

test('a GLPI export saved in Windows-1252 goes through the mapping step with its accents, then lands in the queue', async ({ page }) => {
  await page.getByRole('button', { name: 'Import' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import tickets' });
  await dialog.getByLabel('File').setInputFiles({ name: 'glpi.csv', mimeType: 'text/csv', buffer: readFileSync(GLPI_1252) });

  // What was detected, before anything is imported.
  await expect(dialog.getByLabel('Encoding')).toHaveValue('windows-1252');
  await expect(dialog.getByLabel('Separator')).toHaveValue(';');
  await expect(dialog.getByLabel('Comes from')).toHaveValue('glpi');
  await expect(dialog.getByText('6 row(s) in the file.')).toBeVisible();
  await expect(dialog.getByLabel('Number in the old tool')).toHaveValue('ID');
  await expect(dialog.getByLabel('Opened', { exact: true })).toHaveValue("Date d'ouverture");
  await expect(dialog.getByLabel('Dates written as')).toHaveValue('dmy');
  const preview = dialog.locator('.import-preview tbody tr');
  await expect(preview).toHaveCount(5);
  await expect(preview.first()).toContainText('Imprimante 2e étage bloquée');
  await expect(preview.first()).toContainText('Hélène Mercier');
  await expect(preview.first()).toContainText('4512');
  await expectAccessible(page);
  await saveScreenshot(page, 'import-glpi-mapping');

  // Read as UTF-8 it cannot be: the dialog says so and imports nothing until the encoding is right again.
  await dialog.getByLabel('Encoding').selectOption('utf-8');
  await expect(dialog.getByText('not valid UTF-8')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await dialog.getByLabel('Encoding').selectOption('windows-1252');
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();

  // A ticket needs a title: leaving it out is refused, and putting it back is possible.
  await dialog.getByLabel('Title', { exact: true }).selectOption('');
  await expect(dialog.getByText('choose the column that holds the title')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeDisabled();
  await dialog.getByLabel('Title', { exact: true }).selectOption('Titre');
  await expect(dialog.getByRole('button', { name: 'Import', exact: true })).toBeEnabled();

  // A column left out of the mapping is left out of the tickets.
  await dialog.getByLabel('Site').selectOption('');
  await expect(dialog.getByLabel('Site')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(dialog).toBeHidden();

  // The queue opens on open tickets: the four GLPI had open (one solved, one closed are in "All").
  await expect(page.locator('.grid-row')).toHaveCount(4);
  await expect(page.locator('.grid-row', { hasText: "Écran qui scintille sur le poste de l'accueil" })).toBeVisible();
  await expect(page.locator('.grid-row', { hasText: 'Accès VPN refusé après changement de mot de passe' })).toContainText('P1');

  // Its ticket says where it came from, and the old number finds it.
  await page.locator('.grid-row', { hasText: 'Accès VPN refusé' }).dblclick();
  await expect(page.locator('.ticket-heading')).toContainText('From GLPI no. 4513, opened there');
  await saveScreenshot(page, 'import-glpi-ticket');
  await page.goBack();

  // The next import from GLPI starts from the columns chosen this time.
  await page.getByRole('button', { name: 'Import' }).click();
  await dialog.getByLabel('File').setInputFiles({ name: 'glpi.csv', mimeType: 'text/csv', buffer: readFileSync(GLPI_1252) });
  await expect(dialog.getByText('The columns chosen at your last import from this source.')).toBeVisible();
  await expect(dialog.getByLabel('Site')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // The same step in French.
  await pressSequence(page, 'g', 's');
  await page.getByLabel('Language', { exact: true }).selectOption('fr');
  await pressSequence(page, 'g', 'q');
  await page.getByRole('button', { name: 'Importer' }).click();
  const dialogFr = page.getByRole('dialog', { name: 'Importer des tickets' });
  await dialogFr.getByLabel('Fichier').setInputFiles({ name: 'glpi.csv', mimeType: 'text/csv', buffer: readFileSync(GLPI_1252) });
  await expect(dialogFr.getByLabel('Encodage')).toHaveValue('windows-1252');
  await expect(dialogFr.getByText('Premiers tickets tels qu’ils seront importés')).toBeVisible();
  await expect(dialogFr.getByLabel('Numéro dans l’ancien outil')).toHaveValue('ID');
  await expectAccessible(page);
  await saveScreenshot(page, 'import-glpi-mapping-fr');
});
