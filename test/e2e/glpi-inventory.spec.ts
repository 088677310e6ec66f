import { fileURLToPath } from 'node:url';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api } from './helpers';

const file = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));

test('import GLPI inventories from the inventory view: a switch and a printer as their own kind, a partial inventory that updates only its sections', async ({ page, app }) => {
  // Axe over a 61-port table on a shared 2-core machine takes its time.
  test.setTimeout(300_000);
  await page.goto(`${app.url}#/inventory`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();

  // A switch, from the keyboard: i opens the file picker.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('i');
  await (await chooser).setFiles(file('glpi-inventory/networkequipment_3.json'));
  await expect(page.getByRole('status').filter({ hasText: 'Imported network device HP-2530-48G.' })).toBeVisible();
  const device = page.getByRole('region', { name: 'Device' });
  await expect(device).toContainText('Network device');
  await expect(device).toContainText('2530-48G');
  await expect(device).toContainText('CN5BFP62CP');
  await expect(device).toContainText('YA.15.12.0015');
  await expect(device.getByRole('heading', { name: 'Ports (61)' })).toBeVisible();
  await expect(device.getByRole('group', { name: 'Ports' }).locator('tbody tr')).toHaveCount(61);
  // No BIOS or battery cards for a switch: one line says those are not part of its inventory.
  await expect(page.getByRole('heading', { level: 2, name: 'BIOS/UEFI' })).toHaveCount(0);
  await expect(page.getByText(/^Not in a network device inventory: System, BIOS\/UEFI/)).toBeVisible();
  await expect(page.getByRole('combobox', { name: /^Machine/ }).locator('option:checked')).toHaveText(/^Network device · HP-2530-48G/);
  await expectAccessible(page);
  await saveScreenshot(page, 'inventory-glpi-switch');

  // A printer, from the agent's XML, by the button.
  const chooser2 = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: /Import GLPI file/ }).click();
  await (await chooser2).setFiles(file('glpi-inventory/xml-8.xml'));
  await expect(page.getByRole('status').filter({ hasText: 'Imported printer CE75I09008.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Device' })).toContainText('Brother HL-5350DN series');
  await expect(page.getByRole('region', { name: 'Device' })).toContainText('total 94344');

  // A computer, then its partial CPU inventory: the changes tab shows no change, not every other section removed.
  await api(page.request, app, 'inventory.importGlpi', { text: (await import('node:fs')).readFileSync(file('glpi/computer_1.json'), 'utf8') });
  const chooser3 = page.waitForEvent('filechooser');
  await page.keyboard.press('i');
  await (await chooser3).setFiles(file('glpi-inventory/computer_1_partial_cpu.json'));
  await expect(page.getByRole('status').filter({ hasText: 'Imported a partial inventory of glpixps: only System, BIOS/UEFI, Board, CPU updated' })).toBeVisible();
  await expect(page.locator('.inv-history li')).toHaveCount(2);
  await page.keyboard.press('d');
  await expect(page.getByText('No hardware change since the previous snapshot.')).toBeVisible();

  // A damaged file is refused, naming the line.
  const chooser4 = page.waitForEvent('filechooser');
  await page.keyboard.press('i');
  await (await chooser4).setFiles({ name: 'broken.xml', mimeType: 'application/xml', buffer: Buffer.from('<REQUEST>\n<CONTENT>\n</REQUEST>\n') });
  await expect(page.getByRole('alert')).toContainText('GLPI XML line 3');

  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.goto(`${app.url}#/inventory`);
  await page.getByRole('combobox', { name: /^Machine/ }).selectOption({ label: 'Équipement réseau · HP-2530-48G (CN5BFP62CP)' });
  await expect(page.getByRole('region', { name: 'Équipement' })).toContainText('Micrologiciel');
  await expect(page.getByRole('region', { name: 'Équipement' })).toContainText('Équipement réseau');
  await expectAccessible(page);
  await saveScreenshot(page, 'inventory-glpi-switch-fr');
});
