import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair } from '../setup/sshd';
import { expect, expectAccessible, saveScreenshot, test } from './fixtures';
import { api, go } from './helpers';

const dimm = (slot: number, serial: string) => ({
  capacity: 8192, caption: `DIMM ${slot}`, description: 'SODIMM', manufacturer: 'Samsung', numslots: slot, serialnumber: serial, speed: '3200', type: 'DDR4',
});

test('take a local snapshot, attach it to a ticket, see it on the timeline, see the diff after a RAM module is removed', async ({ page, app }) => {
  // Five screens, each checked with axe, on a shared 2-core machine.
  test.setTimeout(150_000);
  await page.goto(`${app.url}#/inventory`);
  await expect(page.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
  await expect(page.getByText('No snapshot of this machine yet')).toBeVisible();
  await expectAccessible(page);

  // Take a snapshot with the keyboard; progress shows while it runs, then the sections.
  await page.keyboard.press('t');
  await expect(page.getByRole('heading', { level: 2, name: 'CPU' })).toBeVisible({ timeout: 30_000 });
  await expect(page.locator('.inv-history li')).toHaveCount(1);
  await expect(page.locator('.inv-section').filter({ hasText: 'Memory' })).toContainText(/\d+(\.\d)? GiB/);
  // Explained-empty sections say why, in words.
  await expect(page.locator('.inv-section').filter({ has: page.getByRole('heading', { name: 'Board' }) })).toContainText('No DMI tables');
  await expectAccessible(page);
  await saveScreenshot(page, 'inventory');

  // Export JSON: a real file download from the browser.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: /Export JSON/ }).click();
  expect((await download).suggestedFilename()).toMatch(/^inventory-.+\.json$/);

  // Attach it to a ticket found by search.
  const created = await api<{ ticket: { id: string } }>(page.request, app, 'tickets.create', {
    kind: 'incident', title: 'Laptop fan very loud since Monday', impact: 2, urgency: 2,
  });
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: 'Attach this snapshot to a ticket' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Search tickets').fill('fan loud');
  await expect(dialog.getByRole('option', { name: /Laptop fan very loud/ })).toBeVisible();
  await expectAccessible(page);
  await dialog.getByRole('button', { name: 'Attach' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Attached to' })).toBeVisible();

  await go(page, `#/queue/${created.ticket.id}`);
  const entry = page.locator('.timeline-entry.type-inventory_attached');
  await expect(entry).toContainText('attached an inventory snapshot');
  await expectAccessible(page);
  await entry.getByRole('link', { name: 'Open the inventory snapshot' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'CPU' })).toBeVisible();

  // Seed two later snapshots of the same machine from GLPI documents: the second has lost DIMM 2.
  const { local } = await api<{ local: { machineKey: string } }>(page.request, app, 'inventory.machines', {});
  const [first] = await api<{ id: string }[]>(page.request, app, 'inventory.list', { machineKey: local.machineKey });
  const { document } = await api<{ document: { deviceid: string; content: Record<string, unknown> } }>(page.request, app, 'inventory.exportGlpi', { id: first?.id });
  const withModules = (n: number) => ({
    ...document,
    deviceid: `${document.deviceid.replace(/-\d{4}(-\d{2}){5}$/, '')}-visit-${n}`,
    content: { ...document.content, memories: [dimm(1, 'S-AAA1'), dimm(2, 'S-BBB2')].slice(0, n) },
  });
  await api(page.request, app, 'inventory.importGlpi', { document: withModules(2), machineKey: local.machineKey });
  const after = await api<{ id: string }>(page.request, app, 'inventory.importGlpi', { document: withModules(1), machineKey: local.machineKey });

  await go(page, `#/inventory/${after.id}`);
  await expect(page.locator('.inv-history li')).toHaveCount(3);
  await page.keyboard.press('d');
  await expect(page.getByRole('heading', { level: 2, name: 'Changes since the previous snapshot' })).toBeVisible();
  const removed = page.locator('.inv-change-removed');
  await expect(removed).toHaveCount(1);
  await expect(removed).toContainText('Memory');
  await expect(removed).toContainText('DIMM 2');
  await expect(removed).toContainText('slot:DIMM 2');
  await expectAccessible(page);
  await saveScreenshot(page, 'inventory-diff');

  // French: reasons and units are translated.
  await api(page.request, app, 'settings.update', { language: 'fr' });
  await page.goto(`${app.url}#/inventory/${first?.id}`);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Carte mère' })).toBeVisible();
  await expect(page.locator('.inv-section').filter({ has: page.getByRole('heading', { name: 'Carte mère' }) })).toContainText('Pas de tables DMI');
  await expect(page.locator('.inv-section').filter({ hasText: 'Mémoire' })).toContainText(/Gio/);
});

test('cancel a running snapshot: nothing is stored', async ({ page, app }) => {
  // A host whose server accepts the connection and never speaks: the snapshot stays in its first step until
  // cancelled, so the cancel is tested, not a race with a snapshot that may already have finished.
  const silent = createServer((socket) => sockets.push(socket));
  const sockets: Socket[] = [];
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const keyDir = mkdtempSync(join(tmpdir(), 'atelier-inv-cancel-'));
  try {
    const { privateKeyFile } = generateKeyPair(keyDir);
    const { port } = silent.address() as AddressInfo;
    await api(page.request, app, 'hosts.add', { name: 'silent-box', address: '127.0.0.1', port, user: 'tech', auth: { method: 'key', keyFile: privateKeyFile }, osFamily: 'linux' });
    await page.goto(`${app.url}#/inventory`);
    await page.getByRole('combobox', { name: 'Machine' }).selectOption('host:silent-box');
    await page.keyboard.press('t');
    await expect(page.getByRole('button', { name: /Cancel/ })).toBeVisible();
    await expect.poll(() => sockets.length, { timeout: 30_000 }).toBeGreaterThan(0);
    await page.keyboard.press('x');
    await expect(page.getByText('Snapshot cancelled: nothing was stored.')).toBeVisible({ timeout: 30_000 });
    const list = await api<unknown[]>(page.request, app, 'inventory.list', {});
    expect(list).toEqual([]);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
    rmSync(keyDir, { recursive: true, force: true });
  }
});
