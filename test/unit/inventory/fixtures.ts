import { INVENTORY_SCHEMA_VERSION, InventorySnapshot, type Sections } from '../../../shared/inventory';

const ok = (source: string) => ({ source, durationMs: 1, status: 'ok' as const });

/** A plausible laptop, every section filled; tests change what they need. */
export function laptop(id = 'snap-a'): InventorySnapshot {
  const sections: Sections = {
    system: { meta: ok('test'), data: { manufacturer: 'Dell Inc.', model: 'XPS 13 9350', serial: '640HP72', uuid: '4c4c4544-0034' } },
    bios: { meta: ok('test'), data: { vendor: 'Dell Inc.', version: '1.4.3', releaseDate: '2016-02-06', firmware: 'uefi' } },
    board: { meta: ok('test'), data: { manufacturer: 'Dell Inc.', model: '07TYC2', serial: 'CN129536461378' } },
    cpu: { meta: ok('test'), data: { manufacturer: 'Intel', model: 'Intel Core i5-6200U', cores: 2, threads: 4, baseGHz: 2.3, flags: ['vmx', 'aes'] } },
    memory: {
      meta: ok('test'),
      data: {
        totalBytes: 8 * 2 ** 30,
        modules: [
          { slot: 'DIMM0', sizeBytes: 4 * 2 ** 30, type: 'LPDDR3', speedMTs: 1867, manufacturer: 'Elpida', serial: '12161217' },
          { slot: 'DIMM1', sizeBytes: 4 * 2 ** 30, type: 'LPDDR3', speedMTs: 1867, manufacturer: 'Elpida', serial: '12121212' },
        ],
      },
    },
    disks: { meta: ok('test'), data: [{ name: 'nvme0n1', model: 'PM951 NVMe SAMSUNG 256GB', serial: 'S29NNXAH146409', sizeBytes: 256e9, kind: 'ssd', smart: { health: 'passed', temperatureC: 38 } }] },
    volumes: { meta: ok('test'), data: [{ mount: '/', fs: 'ext4', sizeBytes: 100e9, usedBytes: 40e9 }, { mount: '/home', fs: 'ext4', sizeBytes: 100e9, usedBytes: 50e9 }] },
    network: { meta: ok('test'), data: [{ name: 'wlp58s0', mac: '9c:b6:d0:aa:bb:cc', ipv4: [{ address: '192.168.1.20', prefix: 24 }], ipv6: [], state: 'up', wifi: true }] },
    os: { meta: ok('test'), data: { family: 'linux', distribution: 'Fedora', version: '31', kernel: '5.6.15', arch: 'x86_64', hostname: 'glpixps', uptimeSeconds: 3600 } },
    battery: { meta: ok('test'), data: [{ model: 'DELL RWT1R43', serial: '34605', designCapacityMWh: 57570, fullCapacityMWh: 50570, wearPercent: 12.2, cycles: 120 }] },
    graphics: { meta: ok('test'), data: { gpus: [{ vendor: 'Intel', model: 'HD Graphics 520', bus: '00:02.0' }], displays: [] } },
    usb: { meta: ok('test'), data: [{ name: 'USB Receiver', vendorId: '046d', productId: 'c52b' }] },
    printers: { meta: { source: 'test', durationMs: 1, status: 'empty', reason: { code: 'not_present', message: 'no printer configured' } }, data: [] },
    sensors: { meta: ok('test'), data: { cpuTemperatureC: 45 } },
  };
  return InventorySnapshot.parse({
    schemaVersion: INVENTORY_SCHEMA_VERSION, id, machineKey: 'glpixps', takenAt: '2026-11-01T09:00:00.000Z', takenBy: 'tech',
    collector: 'local-systeminformation', durationMs: 500, sections,
  });
}

/** A deep copy with a new id, a later date, and `change` applied. */
export function later(base: InventorySnapshot, change: (s: InventorySnapshot) => void, id = 'snap-b'): InventorySnapshot {
  const copy = structuredClone(base);
  copy.id = id;
  copy.takenAt = '2026-11-20T09:00:00.000Z';
  change(copy);
  return InventorySnapshot.parse(copy);
}
