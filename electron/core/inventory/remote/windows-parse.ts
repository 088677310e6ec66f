import { randomUUID } from 'node:crypto';
import {
  INVENTORY_SCHEMA_VERSION, compact, int, num, positive, reason, sectionMeta, text, wearPercent,
  type InventorySnapshot, type SectionName, type SectionReason, type Sections,
} from '../../../../shared/inventory';
import { parseOrThrowSnapshot } from '../snapshot';
import { splitJsonDocument } from './json-markers';
import type { RemoteMeta } from './linux-parse';

type Row = Record<string, unknown>;
interface Query { ok: boolean; ms?: number; data?: unknown; error?: string }

const OS = 'windows';
const REQUIRED = ['computerSystem', 'cpu', 'os'] as const;
const MEMORY_TYPES: Record<number, string> = { 20: 'DDR', 21: 'DDR2', 24: 'DDR3', 26: 'DDR4', 30: 'LPDDR4', 34: 'DDR5', 35: 'LPDDR5' };
const CHASSIS: Record<number, string> = { 3: 'Desktop', 4: 'Low Profile Desktop', 6: 'Mini Tower', 7: 'Tower', 8: 'Portable', 9: 'Laptop', 10: 'Notebook', 13: 'All in One', 14: 'Sub Notebook', 23: 'Rack Mount Chassis', 30: 'Tablet', 31: 'Convertible', 35: 'Mini PC' };

/** Turns the PowerShell collector's JSON into a validated snapshot, or throws naming what is wrong. */
export function parseWindowsOutput(stdout: string, meta: RemoteMeta): InventorySnapshot {
  const doc = splitJsonDocument<Record<string, Query>>(OS, stdout);
  for (const key of REQUIRED) {
    if (!doc[key] || typeof doc[key] !== 'object') throw new Error(`remote inventory (windows): required part "${key}" is missing; nothing was stored`);
  }
  const rows = (key: string): Row[] => {
    const q = doc[key];
    if (!q?.ok || q.data === undefined || q.data === null) return [];
    return (Array.isArray(q.data) ? q.data : [q.data]).filter((r): r is Row => typeof r === 'object' && r !== null);
  };
  const scalar = (key: string): unknown => {
    const q = doc[key];
    return q?.ok ? (Array.isArray(q.data) ? q.data[0] : q.data) : undefined;
  };
  const ms = (...keys: string[]) => keys.reduce((sum, k) => sum + (num(doc[k]?.ms) ?? 0), 0);
  const failure = (key: string): SectionReason | undefined => {
    const q = doc[key];
    if (!q || q.ok) return undefined;
    const msg = q.error ?? 'query failed';
    if (/access|denied|privilege|0x80041003/i.test(msg)) return reason('needs_root', `needs administrator rights (${key})`, { tool: 'administrator' });
    if (/invalid (class|namespace)|not supported|0x8004100c|0x80041010/i.test(msg)) return reason('unsupported', `${key} is not available on this Windows (${msg.slice(0, 200)})`);
    return reason('failed', `${key}: ${msg.slice(0, 300)}`);
  };
  const first = (key: string): Row => rows(key)[0] ?? {};

  const cs = first('computerSystem');
  const product = first('product');
  const chassisCode = int((first('enclosure').ChassisTypes as unknown[] | undefined)?.[0]);
  const system = compact({
    manufacturer: text(cs.Manufacturer), model: text(cs.Model), serial: text(product.IdentifyingNumber), uuid: text(product.UUID)?.toLowerCase(),
    sku: text(cs.SystemSKUNumber), chassis: chassisCode === undefined ? undefined : CHASSIS[chassisCode] ?? String(chassisCode),
  });
  const b = first('bios');
  const fw = String(scalar('firmware') ?? '').toLowerCase();
  const sb = scalar('secureBoot');
  const bios = compact({
    vendor: text(b.Manufacturer), version: text(b.SMBIOSBIOSVersion), releaseDate: cimDate(b.ReleaseDate)?.slice(0, 10),
    firmware: fw === 'uefi' ? 'uefi' as const : fw === 'legacy' ? 'bios' as const : undefined, secureBoot: typeof sb === 'boolean' ? sb : undefined,
  });
  const bb = first('board');
  const board = compact({ manufacturer: text(bb.Manufacturer), model: text(bb.Product), version: text(bb.Version), serial: text(bb.SerialNumber), assetTag: text(bb.Tag) });

  const cpus = rows('cpu');
  const c0 = cpus[0] ?? {};
  const sum = (k: string) => cpus.reduce((s, r) => s + (num(r[k]) ?? 0), 0) || undefined;
  const mhz = positive(c0.MaxClockSpeed);
  const cpu = {
    ...compact({
      manufacturer: /intel/i.test(String(c0.Manufacturer)) ? 'Intel' : /amd/i.test(String(c0.Manufacturer)) ? 'AMD' : text(c0.Manufacturer),
      model: text(c0.Name), sockets: cpus.length || undefined, cores: sum('NumberOfCores'), threads: sum('NumberOfLogicalProcessors'),
      baseGHz: mhz === undefined ? undefined : mhz / 1000, virtualization: typeof c0.VirtualizationFirmwareEnabled === 'boolean' ? c0.VirtualizationFirmwareEnabled : undefined,
    }),
    flags: [] as string[],
  };
  const modules = rows('memory').map((m) => compact({
    slot: text(m.DeviceLocator), sizeBytes: positive(m.Capacity), type: MEMORY_TYPES[int(m.SMBIOSMemoryType) ?? -1],
    speedMTs: positive(m.ConfiguredClockSpeed) ?? positive(m.Speed), manufacturer: text(m.Manufacturer), partNumber: text(m.PartNumber),
    serial: text(m.SerialNumber),
  }));
  const swap = positive(first('pageFile').AllocatedBaseSize);
  const memory = { ...compact({ totalBytes: positive(cs.TotalPhysicalMemory), swapBytes: swap === undefined ? undefined : swap * 2 ** 20 }), modules };

  const physical = new Map(rows('physicalDisks').map((p) => [String(p.DeviceId), p]));
  const disks = rows('disks').map((d) => {
    const p = physical.get(String(d.Index));
    const media = String(p?.MediaType ?? '');
    const health = String(p?.HealthStatus ?? '');
    return compact({
      name: `PHYSICALDRIVE${d.Index}`, model: text(d.Model), serial: text(d.SerialNumber), firmware: text(d.FirmwareRevision), sizeBytes: positive(d.Size),
      interface: text(typeof p?.BusType === 'string' ? p.BusType : undefined) ?? text(d.InterfaceType),
      kind: media === '4' || media === 'SSD' ? 'ssd' as const : media === '3' || media === 'HDD' ? 'hdd' as const : undefined,
      smart: p ? { health: health === '0' || health === 'Healthy' ? 'passed' as const : health === '2' || health === 'Unhealthy' ? 'failing' as const : 'unknown' as const } : undefined,
    });
  });
  const bitlocker = new Map(rows('bitlocker').map((v) => [String(v.DriveLetter), v]));
  const volumes = rows('volumes').filter((v) => text(v.DeviceID)).map((v) => {
    const bl = bitlocker.get(String(v.DeviceID));
    const size = positive(v.Size);
    return compact({
      mount: String(v.DeviceID), fs: text(v.FileSystem), sizeBytes: size, usedBytes: size === undefined ? undefined : size - (num(v.FreeSpace) ?? 0),
      label: text(v.VolumeName), uuid: text(v.VolumeSerialNumber),
      encryption: bl ? { encrypted: int(bl.ProtectionStatus) === 1, ...(int(bl.ProtectionStatus) === 1 ? { method: 'BitLocker' } : {}) } : undefined,
    });
  });
  const ipByIndex = new Map(rows('ipConfig').map((c) => [String(c.Index), c]));
  const network = rows('adapters').map((a) => {
    const ip = ipByIndex.get(String(a.Index));
    const addrs = (ip?.IPAddress as string[] | undefined) ?? [];
    const masks = (ip?.IPSubnet as string[] | undefined) ?? [];
    const status = int(a.NetConnectionStatus);
    const speed = positive(a.Speed);
    return compact({
      name: text(a.NetConnectionID) ?? text(a.Name) ?? `adapter ${a.Index}`, mac: text(a.MACAddress)?.toLowerCase(),
      ipv4: addrs.flatMap((addr, i) => (addr.includes('.') ? [compact({ address: addr, prefix: dottedPrefix(masks[i]) })] : [])),
      ipv6: addrs.flatMap((addr, i) => (addr.includes(':') ? [compact({ address: addr, prefix: int(masks[i]) })] : [])),
      speedMbps: speed === undefined ? undefined : speed / 1e6, state: status === 2 ? 'up' as const : status === 7 || status === 0 ? 'down' as const : 'unknown' as const,
      wifi: /wi-?fi|wireless|802\.11/i.test(`${a.Name} ${a.NetConnectionID}`),
    });
  });
  const o = first('os');
  const boot = cimDate(o.LastBootUpTime);
  const now = cimDate(o.LocalDateTime);
  const os = compact({
    family: 'windows' as const, distribution: text(o.Caption), version: text(o.Version), kernel: text(o.BuildNumber), arch: text(o.OSArchitecture),
    hostname: text(o.CSName) ?? text(cs.Name), lastBoot: boot,
    uptimeSeconds: boot && now ? Math.max(0, Math.round((Date.parse(now) - Date.parse(boot)) / 1000)) : undefined,
  });
  const statics = rows('batteryStatic');
  const fulls = rows('batteryFull');
  const cycles = rows('batteryCycles');
  const battery = rows('battery').map((bt, i) => {
    const design = positive(statics[i]?.DesignedCapacity);
    const full = positive(fulls[i]?.FullChargedCapacity);
    return compact({
      model: text(bt.Name), manufacturer: text(statics[i]?.ManufactureName), serial: text(statics[i]?.SerialNumber),
      designCapacityMWh: design, fullCapacityMWh: full, wearPercent: wearPercent(design, full), cycles: positive(cycles[i]?.CycleCount),
      percent: num(bt.EstimatedChargeRemaining), charging: int(bt.BatteryStatus) === 2 ? true : undefined,
    });
  });
  const graphics = {
    gpus: rows('gpus').map((g) => compact({
      vendor: text(g.AdapterCompatibility), model: text(g.Name), driverVersion: text(g.DriverVersion),
      vramMiB: positive(g.AdapterRAM) === undefined ? undefined : Math.round(Number(g.AdapterRAM) / 2 ** 20),
    })),
    displays: rows('monitors').map((m) => compact({ vendor: text(m.Manufacturer), model: text(m.Model), serial: text(m.Serial) })),
  };
  const usb = rows('usb').map((u) => {
    const id = /VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?:\\([^\\&]+)$)?/i.exec(String(u.DeviceID ?? ''));
    return compact({ name: text(u.Name), manufacturer: text(u.Manufacturer), vendorId: id?.[1]?.toLowerCase(), productId: id?.[2]?.toLowerCase(), serial: text(id?.[3]) });
  });
  const printers = rows('printers').filter((p) => text(p.Name)).map((p) => compact({
    name: String(p.Name), model: text(p.DriverName), uri: text(p.PortName), isDefault: p.Default === true || undefined, shared: p.Shared === true || undefined,
    network: typeof p.Network === 'boolean' ? p.Network : undefined, status: text(p.PrinterStatus),
  }));
  const kelvin10 = num(first('temperature').CurrentTemperature);
  const sensors = compact({ cpuTemperatureC: kelvin10 === undefined ? undefined : Math.round(kelvin10 - 2731.5) / 10, cpuCurrentGHz: positive(c0.CurrentClockSpeed) && Number(c0.CurrentClockSpeed) / 1000 });

  const s = <N extends SectionName>(source: string, keys: string[], data: Sections[N]['data'], whyEmpty: SectionReason, whyPartial?: SectionReason) =>
    ({ meta: sectionMeta(source, ms(...keys), data, keys.map(failure).find(Boolean) ?? whyEmpty, whyPartial), data });
  const notPresent = (what: string) => reason('not_present', what);
  const sections = {
    system: s<'system'>('Win32_ComputerSystem+Win32_ComputerSystemProduct', ['computerSystem', 'product', 'enclosure'], system, notPresent('the firmware reports no system identity'), system.serial ? undefined : failure('product')),
    bios: s<'bios'>('Win32_BIOS', ['bios', 'firmware', 'secureBoot'], bios, notPresent('the firmware reports no BIOS data')),
    board: s<'board'>('Win32_BaseBoard', ['board'], board, notPresent('the firmware reports no board data')),
    cpu: s<'cpu'>('Win32_Processor', ['cpu'], cpu, reason('failed', 'Win32_Processor returned nothing')),
    memory: s<'memory'>('Win32_ComputerSystem+Win32_PhysicalMemory', ['computerSystem', 'memory'], memory, reason('failed', 'memory size unreadable'), modules.length ? undefined : failure('memory') ?? notPresent('Win32_PhysicalMemory listed no module (virtual machine?)')),
    disks: s<'disks'>('Win32_DiskDrive+Get-PhysicalDisk', ['disks', 'physicalDisks'], disks, notPresent('no disk found'), disks.some((d) => !d.smart) ? failure('physicalDisks') ?? notPresent('Get-PhysicalDisk reported no health') : undefined),
    volumes: s<'volumes'>('Win32_LogicalDisk+Win32_EncryptableVolume', ['volumes', 'bitlocker'], volumes, notPresent('no local volume found'), volumes.length && failure('bitlocker') ? failure('bitlocker') : undefined),
    network: s<'network'>('Win32_NetworkAdapter+Win32_NetworkAdapterConfiguration', ['adapters', 'ipConfig'], network, notPresent('no physical network adapter found')),
    os: s<'os'>('Win32_OperatingSystem', ['os'], os, reason('failed', 'Win32_OperatingSystem returned nothing')),
    battery: s<'battery'>('Win32_Battery+root\\wmi Battery*', ['battery', 'batteryStatic', 'batteryFull', 'batteryCycles'], battery, notPresent('no battery (desktop, server or virtual machine)')),
    graphics: s<'graphics'>('Win32_VideoController+WmiMonitorID', ['gpus', 'monitors'], graphics, notPresent('no GPU or display found')),
    usb: s<'usb'>('Win32_PnPEntity (USB)', ['usb'], usb, notPresent('no USB devices found')),
    printers: s<'printers'>('Win32_Printer', ['printers'], printers, notPresent('no printer configured')),
    sensors: s<'sensors'>('MSAcpi_ThermalZoneTemperature+Win32_Processor', ['temperature'], sensors, notPresent('no temperature sensor exposed through WMI')),
  };
  return parseOrThrowSnapshot(
    {
      schemaVersion: INVENTORY_SCHEMA_VERSION, id: randomUUID(), machineKey: meta.host, host: meta.host, takenAt: new Date().toISOString(),
      takenBy: meta.takenBy, collector: 'remote-windows', durationMs: Math.round(meta.durationMs), sections,
    },
    'remote inventory (windows)',
  );
}

/** CIM dates come as "/Date(ms)/" (PowerShell 5.1) or ISO text (PowerShell 7). */
export function cimDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = /\/Date\((-?\d+)\)\//.exec(value)?.[1];
  const t = ms ? Number(ms) : Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString().replace(/\.000Z$/, 'Z') : undefined;
}

function dottedPrefix(mask: string | undefined): number | undefined {
  if (!mask || !mask.includes('.')) return undefined;
  return mask.split('.').reduce((n, part) => n + (Number(part) >>> 0).toString(2).replace(/0/g, '').length, 0);
}
