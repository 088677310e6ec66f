import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { createLogger } from '../../../electron/core/log';
import type { InventoryDiff, InventorySnapshot, SnapshotSummary } from '../../../shared/inventory';
import { tempDir } from '../../setup/temp';

const read = (path: string) => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
const quiet = () => createLogger({ destination: { write: () => true } as unknown as NodeJS.WritableStream });

let core: Core | undefined;
afterEach(() => core?.close());

function open(): Core {
  core = openCore({ dataDir: tempDir(), logger: quiet() });
  return core;
}

describe('inventory.importGlpi through the core (real SQLite)', () => {
  it('lays a partial inventory over the previous snapshot of the same machine: only its sections change, the diff shows only real changes', async () => {
    const c = open();
    const full = (await c.dispatch('inventory.importGlpi', { text: read('glpi/computer_1.json') })) as SnapshotSummary;
    const before = (await c.dispatch('inventory.get', { id: full.id })) as InventorySnapshot;

    // The same CPU again: nothing changed, so nothing shows, and no section reads as removed.
    const cpu = (await c.dispatch('inventory.importGlpi', { text: read('glpi-inventory/computer_1_partial_cpu.json') })) as SnapshotSummary & { partial?: string[] };
    expect(cpu).toMatchObject({ machineKey: full.machineKey, partial: ['system', 'bios', 'board', 'cpu'] });
    const same = (await c.dispatch('inventory.diff', { to: cpu.id })) as InventoryDiff;
    expect(same).toMatchObject({ from: full.id, to: cpu.id, changes: [], notCompared: [] });
    const merged = (await c.dispatch('inventory.get', { id: cpu.id })) as InventorySnapshot;
    expect(merged.sections.volumes).toEqual(before.sections.volumes);
    expect(merged.sections.network).toEqual(before.sections.network);

    // A partial memory inventory with one module gone: that module, and only it, is removed.
    const memory = JSON.parse(read('glpi-inventory/computer_1_partial_memory.json')) as { content: { memories: unknown[] } };
    memory.content.memories.pop();
    const less = (await c.dispatch('inventory.importGlpi', { document: memory })) as SnapshotSummary;
    const diff = (await c.dispatch('inventory.diff', { to: less.id })) as InventoryDiff;
    expect(diff.changes.map((ch) => [ch.section, ch.kind])).toEqual([['memory', 'removed']]);
    const after = (await c.dispatch('inventory.get', { id: less.id })) as InventorySnapshot;
    expect(after.sections.memory.data.modules).toHaveLength(1);
    expect(after.sections.disks).toEqual(before.sections.disks);
    expect(((await c.dispatch('inventory.list', { machineKey: full.machineKey })) as SnapshotSummary[]).map((s) => s.id)).toEqual([less.id, cpu.id, full.id]);
  });

  it('refuses a partial inventory of a machine it has never seen, saying to import the full one first', async () => {
    const c = open();
    await expect(c.dispatch('inventory.importGlpi', { text: read('glpi-inventory/computer_1_partial_cpu.json') })).rejects.toThrow(
      'GLPI import: this partial inventory (system, bios, board, cpu) updates an earlier one, and glpixps has none: import its full inventory first',
    );
    expect(await c.dispatch('inventory.list', {})).toEqual([]);
  });

  it('files a switch and a printer as their own kind, and a firmware update shows in the diff', async () => {
    const c = open();
    const sw = (await c.dispatch('inventory.importGlpi', { text: read('glpi-inventory/networkequipment_1.json') })) as SnapshotSummary;
    expect(sw).toMatchObject({ kind: 'network_equipment', machineKey: 'SSI1912014B', host: 'ucs6248up-cluster-pa3-B' });
    const printer = (await c.dispatch('inventory.importGlpi', { text: read('glpi-inventory/xml-8.xml') })) as SnapshotSummary;
    expect(printer).toMatchObject({ kind: 'printer', machineKey: 'D9J230159' });
    const machines = (await c.dispatch('inventory.machines', {})) as { machines: { machineKey: string; kind?: string }[] };
    expect(machines.machines.map((m) => [m.machineKey, m.kind])).toEqual(expect.arrayContaining([['SSI1912014B', 'network_equipment'], ['D9J230159', 'printer']]));

    const upgraded = JSON.parse(read('glpi-inventory/networkequipment_1.json')) as { content: { network_device: { firmware: string; uptime: string } } };
    upgraded.content.network_device.firmware = '5.0(3)N2(4.11a)';
    upgraded.content.network_device.uptime = '0 days, 00:05:00.00';
    const next = (await c.dispatch('inventory.importGlpi', { document: upgraded })) as SnapshotSummary;
    const diff = (await c.dispatch('inventory.diff', { to: next.id })) as InventoryDiff;
    // The uptime moves on its own: not a change; sections a switch never has are not listed as "not compared".
    expect(diff).toMatchObject({ changes: [{ section: 'equipment', kind: 'changed', fields: [{ field: 'firmware', before: '5.0(3)N2(4.02b)', after: '5.0(3)N2(4.11a)' }] }], notCompared: [] });
  });
});
