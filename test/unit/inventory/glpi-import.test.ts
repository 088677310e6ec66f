import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fromGlpi, toGlpi, validateGlpi } from '../../../electron/core/inventory';
import { text } from '../../../shared/inventory';
import { laptop } from './fixtures';

type Glpi = { deviceid: string; content: Record<string, any> };
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/glpi/${name}`, import.meta.url), 'utf8')) as Glpi;
// computer_3.json (1.1 MB) is read from the shared folder next to the checkout, when it is there.
const computer3Url = new URL('../../../../shared/glpi-inventory-format/examples/computer_3.json', import.meta.url);
const hasComputer3 = existsSync(fileURLToPath(computer3Url));

/** Field-by-field: what GLPI carries for the fields our schema has must survive the import
 * (vendor placeholders such as "0000000000" or "To Be Filled By O.E.M." read as unknown, via `text`). */
async function expectKeyFieldsKept(doc: Glpi) {
  const s = await fromGlpi(doc);
  const c = doc.content;
  expect((await validateGlpi(doc)).valid).toBe(true);
  expect(s.collector).toBe('glpi-import');
  if (c.bios) {
    expect(s.sections.system.data.serial).toBe(text(c.bios.ssn));
    expect(s.sections.system.data.model).toBe(c.bios.smodel);
    expect(s.sections.bios.data.version).toBe(c.bios.bversion);
    expect(s.sections.bios.data.releaseDate).toBe(c.bios.bdate);
    expect(s.sections.board.data.serial).toBe(text(c.bios.msn));
  }
  expect(s.sections.memory.data.totalBytes).toBe(c.hardware.memory * 2 ** 20);
  expect(s.sections.system.data.uuid).toBe(String(c.hardware.uuid).toLowerCase());
  if (c.cpus) expect(s.sections.cpu.data).toMatchObject({ model: c.cpus[0].name, cores: c.cpus[0].core, threads: c.cpus[0].thread, baseGHz: c.cpus[0].speed / 1000 });
  if (c.memories) {
    const withSize = c.memories.filter((m: any) => m.capacity > 0);
    expect(s.sections.memory.data.modules.map((m) => [m.slot, m.sizeBytes, m.serial])).toEqual(withSize.map((m: any) => [text(m.caption), m.capacity * 2 ** 20, text(m.serialnumber)]));
  }
  if (c.storages) {
    const disks = c.storages.filter((d: any) => !d.type || d.type.toLowerCase() === 'disk');
    expect(s.sections.disks.data.map((d) => [d.name, d.model, d.firmware, d.serial])).toEqual(disks.map((d: any) => [d.name, d.model, text(d.firmware), text(d.serial)]));
  }
  if (c.drives) expect(s.sections.volumes.data.map((v) => v.mount)).toEqual(c.drives.map((d: any) => d.type ?? d.letter));
  if (c.networks) {
    const macs = new Set(c.networks.map((n: any) => n.mac).filter(Boolean).map((m: string) => m.toLowerCase()));
    expect(new Set(s.sections.network.data.map((n) => n.mac).filter(Boolean))).toEqual(macs);
    const v4 = c.networks.map((n: any) => n.ipaddress).filter(Boolean).sort();
    expect(s.sections.network.data.flatMap((n) => n.ipv4.map((a) => a.address)).sort()).toEqual(v4);
  }
  if (c.operatingsystem) expect(s.sections.os.data).toMatchObject({ distribution: c.operatingsystem.name, kernel: c.operatingsystem.kernel_version, arch: c.operatingsystem.arch });
  if (c.batteries) expect(s.sections.battery.data.map((b) => b.serial)).toEqual(c.batteries.map((b: any) => text(b.serial)));
  if (c.usbdevices) expect(s.sections.usb.data.length).toBe(c.usbdevices.length);
  if (c.printers) expect(s.sections.printers.data.map((p) => p.name)).toEqual(c.printers.map((p: any) => p.name));
  return s;
}

describe('GLPI import', () => {
  it('imports computer_1 (full Linux laptop) without losing our fields; battery wear computed', async () => {
    const s = await expectKeyFieldsKept(fixture('computer_1.json'));
    expect(s.sections.battery.data[0]).toMatchObject({ designCapacityMWh: 57570, fullCapacityMWh: 50570, wearPercent: 12.2 });
    expect(s.sections.volumes.data[0]).toMatchObject({ mount: '/', encryption: { encrypted: true, method: 'LUKS1' } });
    expect(s.takenAt).toBe('2018-07-09T09:07:13Z');
  });

  it('imports computer_2 (bios and hardware only) and marks every other section skipped with why', async () => {
    const s = await expectKeyFieldsKept(fixture('computer_2.json'));
    expect(s.sections.disks.meta).toMatchObject({ status: 'skipped', reason: { code: 'not_in_source', message: 'the GLPI document has no storages' } });
    expect(s.sections.system.data.serial).toBe('2FAGP34');
  });

  it.skipIf(!hasComputer3)('imports computer_3 (1.1 MB, read from ../shared/glpi-inventory-format when present)', async () => {
    await expectKeyFieldsKept(JSON.parse(readFileSync(computer3Url, 'utf8')) as Glpi);
  });
  if (!hasComputer3) it.skip('computer_3.json: ../shared/glpi-inventory-format/examples is absent on this checkout', () => undefined);

  it('refuses a document that is not GLPI inventory, naming the field', async () => {
    await expect(fromGlpi({ content: {} })).rejects.toThrow(/GLPI import: not a valid GLPI inventory: .*deviceid/);
    await expect(fromGlpi({ deviceid: 'x', content: { versionclient: 'a', cpus: [{ speed: 'fast' }] } })).rejects.toThrow('/content/cpus/0/speed: must be integer');
  });

  it('exports a crafted snapshot that validates, and imports it back with the same key fields', async () => {
    const doc = await toGlpi(laptop(), { agentVersion: '0.1.0' });
    expect(await validateGlpi(doc)).toEqual({ valid: true, errors: [] });
    const back = await fromGlpi(doc);
    expect(back.sections.system.data.serial).toBe('640HP72');
    expect(back.sections.memory.data.modules.map((m) => m.slot)).toEqual(['DIMM0', 'DIMM1']);
    expect(back.sections.network.data[0]).toMatchObject({ mac: '9c:b6:d0:aa:bb:cc', wifi: true, ipv4: [{ address: '192.168.1.20' }] });
  });
});
