import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGlpiText, toGlpi, validateGlpi } from '../../../electron/core/inventory';

const dir = new URL('../../fixtures/glpi-inventory/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const samples = readdirSync(dir).filter((f) => /\.(json|xml)$/.test(f));

/** What each real sample holds, read by hand from the file: the import must carry exactly this. */
const EXPECTED: Record<string, { kind: string; model?: string; serial?: string; firmware?: string; ports?: number; name?: string } | { refused: RegExp }> = {
  'networkequipment_1.json': { kind: 'network_equipment', model: 'UCS 6248UP 48-Port', serial: 'SSI1912014B', firmware: '5.0(3)N2(4.02b)', ports: 183, name: 'ucs6248up-cluster-pa3-B' },
  'networkequipment_3.json': { kind: 'network_equipment', model: '2530-48G', serial: 'CN5BFP62CP', firmware: 'YA.15.12.0015', ports: 61, name: 'HP-2530-48G' },
  'printer_1.json': { kind: 'printer', model: 'HP LaserJet M507', serial: 'PHCVN191TG', firmware: '2409048_052887', ports: 2, name: 'NPIF2BE10' },
  // A phone's firmware is its system build.
  'phone_1.json': { kind: 'phone', model: 'Mi 9T Pro', serial: 'af8d8fcfa6fa4794', firmware: 'Q Android 10.0 29', name: 'Mi9TPro-TéléphoneM' },
  'computer_1_partial_cpu.json': { kind: 'computer', name: 'glpixps' },
  'computer_1_partial_memory.json': { kind: 'computer', name: 'glpixps' },
  'computer_1_partial_volumes.json': { kind: 'computer', name: 'glpixps' },
  'xml-1.xml': { kind: 'computer', name: 'LF014' },
  'xml-18.xml': { kind: 'phone', model: 'SM-A715F', serial: '5a30d8711bbadc9d', firmware: 'Tiramisu Android 13.0 33', name: 'android-5a30d8711bbadc9d' },
  'xml-7.xml': { kind: 'network_equipment', model: 'UCS 6248UP 48-Port', serial: 'SSI1912014B', firmware: '5.0(3)N2(4.02b)', ports: 1, name: 'ucs6248up-cluster-pa3-B' },
  'xml-17.xml': { kind: 'network_equipment', model: '1810-24G', serial: 'cn3afrt37n', firmware: '1_12_8-customized-h', ports: 1, name: 'J9803A' },
  'xml-19.xml': { kind: 'network_equipment', model: 'DS1821+', serial: '01234567890AAA', firmware: 'DSM 7.2-64570', ports: 0, name: 'SYN14' },
  'xml-8.xml': { kind: 'printer', model: 'Brother HL-5350DN series', serial: 'D9J230159', ports: 2, name: 'CE75I09008' },
  'xml-11.xml': { refused: /^GLPI XML at \/REQUEST\/QUERY: a network discovery lists the 1 device\(s\) seen on a network, not the inventory of one/ },
};

describe('real GLPI inventories (test/fixtures/glpi-inventory)', () => {
  it('has an expectation for every sample in the folder, and every JSON sample is valid against GLPI schema', async () => {
    expect(samples.sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const name of samples.filter((f) => f.endsWith('.json'))) expect(await validateGlpi(JSON.parse(read(name))), name).toEqual({ valid: true, errors: [] });
  });

  it.each(samples)('%s imports with the item type, model, serial, firmware and ports it holds, or is refused saying why', async (name) => {
    const expected = EXPECTED[name];
    if (!expected) throw new Error(`no expectation for ${name}`);
    if ('refused' in expected) {
      await expect(readGlpiText(read(name))).rejects.toThrow(expected.refused);
      return;
    }
    const { snapshot } = await readGlpiText(read(name));
    expect(snapshot.kind ?? 'computer').toBe(expected.kind);
    expect(snapshot.host).toBe(expected.name);
    if (expected.kind === 'computer') {
      expect(snapshot.equipment).toBeUndefined();
      return;
    }
    expect(snapshot.equipment).toMatchObject({ model: expected.model, serial: expected.serial });
    expect(snapshot.equipment?.firmware).toBe(expected.firmware);
    if (expected.ports !== undefined) expect(snapshot.equipment?.ports).toHaveLength(expected.ports);
    // Filed under the device's own serial (a phone: its hardware UUID, as a computer), not the agent's id.
    expect(snapshot.machineKey).toBe(name === 'phone_1.json' ? 'af8d3fcfa6fe4784' : expected.serial);
  });

  it('reads a switch port as the SNMP agent reports it: name, number, MAC, state, speed in Mb/s, type', async () => {
    const json = (await readGlpiText(read('networkequipment_1.json'))).snapshot.equipment;
    const xml = (await readGlpiText(read('xml-7.xml'))).snapshot.equipment;
    const mgmt = { number: 83886080, name: 'mgmt0', description: 'mgmt0', mac: '8c:60:4f:8d:ae:a1', state: 'down', speedMbps: 1000, ifType: 6, mtu: 1500 };
    expect(json?.ports.find((p) => p.name === 'mgmt0')).toMatchObject(mgmt);
    // The same switch in the agent's XML reads the same.
    expect(xml?.ports[0]).toMatchObject(mgmt);
    expect(xml?.ips).toEqual([]);
    expect(json?.ips).toEqual(['127.0.0.1', '10.2.5.10', '192.168.12.5']);
    expect(json).toMatchObject({ manufacturer: 'Cisco', location: 'paris.pa3', contact: 'noc@glpi-project.org', mac: '8c:60:4f:8d:ae:fc' });
  });

  it('keeps a printer counters and toner levels, from JSON and XML', async () => {
    expect((await readGlpiText(read('printer_1.json'))).snapshot.equipment).toMatchObject({ pageCounters: { total: 1802, rectoverso: 831 }, cartridges: { tonerblack: '71' }, memoryMiB: 512 });
    expect((await readGlpiText(read('xml-8.xml'))).snapshot.equipment).toMatchObject({ pageCounters: { total: 94344 }, cartridges: { tonerblack: '0g', drumblack: '0' }, ips: ['10.75.230.125'] });
  });

  it('reads the agent XML of a computer into the same sections as its JSON', async () => {
    const { snapshot } = await readGlpiText(read('xml-1.xml'));
    expect(snapshot.sections.system.data).toMatchObject({ uuid: '0055adc9-1d3a-e411-8043-b05d95113232' });
    expect(snapshot.sections.cpu.meta.status).toBe('ok');
    expect(snapshot.sections.memory.data.modules.length).toBeGreaterThan(0);
    expect(snapshot.sections.network.data.some((n) => n.mac && n.mac !== '00:00:00:00:00:00')).toBe(true);
    expect(snapshot.sections.os.data.family).toBeDefined();
  });

  it('says which sections a partial inventory carries', async () => {
    expect((await readGlpiText(read('computer_1_partial_cpu.json'))).partial).toEqual(['system', 'bios', 'board', 'cpu']);
    expect((await readGlpiText(read('computer_1_partial_memory.json'))).partial).toEqual(['system', 'bios', 'board', 'memory']);
    expect((await readGlpiText(read('xml-7.xml'))).partial).toBeUndefined();
  });

  it('refuses a damaged file naming the line and the reason', async () => {
    const xml = read('xml-8.xml').replace('<SERIAL>D9J230159</SERIAL>', '<SERIAL>D9J230159</SERIA>');
    await expect(readGlpiText(xml)).rejects.toThrow(/^GLPI XML line 20, column \d+: .*SERIA/);
    const json = read('printer_1.json').replace('"model": "HP LaserJet M507",', '"model": "HP LaserJet M507"');
    await expect(readGlpiText(json)).rejects.toThrow(/^GLPI import line \d+, column \d+: neither GLPI JSON nor XML/);
    await expect(readGlpiText('<REQUEST><CONTENT/><QUERY>PROLOG</QUERY></REQUEST>')).rejects.toThrow('GLPI XML at /REQUEST: <REQUEST> has no <CONTENT>');
    await expect(readGlpiText('<REQUEST><CONTENT><A>1</A></CONTENT><QUERY>PROLOG</QUERY></REQUEST>')).rejects.toThrow('GLPI XML at /REQUEST/QUERY: QUERY must be INVENTORY or SNMPQUERY (found "PROLOG")');
  });
});

describe('export of an imported device back to GLPI', () => {
  it.each(['networkequipment_1.json', 'printer_1.json', 'xml-8.xml', 'xml-17.xml', 'phone_1.json'])('%s goes out as its own item type, valid against the schema, and reads back the same', async (name) => {
    const { snapshot } = await readGlpiText(read(name));
    const document = await toGlpi(snapshot);
    expect(await validateGlpi(document)).toEqual({ valid: true, errors: [] });
    expect(document.itemtype).toBe({ network_equipment: 'NetworkEquipment', printer: 'Printer', phone: 'Phone', computer: 'Computer' }[snapshot.kind ?? 'computer']);
    const back = (await readGlpiText(JSON.stringify(document))).snapshot;
    expect(back.kind).toBe(snapshot.kind);
    expect(back.machineKey).toBe(snapshot.machineKey);
    if (snapshot.kind !== 'phone') expect({ ...back.equipment, type: undefined, pageCounters: undefined, cartridges: undefined }).toEqual({ ...snapshot.equipment, type: undefined, pageCounters: undefined, cartridges: undefined });
  });
});
