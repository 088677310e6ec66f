import { randomUUID } from 'node:crypto';
import {
  INVENTORY_SCHEMA_VERSION, compact, flagsOfInterest, int, num, positive, reason, sectionMeta, text,
  type InventorySnapshot, type SectionName, type SectionReason, type Sections, type UsbDevice,
} from '../../../../shared/inventory';
import { parseOrThrowSnapshot } from '../snapshot';
import type { RemoteMeta } from './linux-parse';
import { keyValues, parseJsonSection, splitMarkers } from './markers';

type Row = Record<string, unknown>;
const OS = 'macos';

/** Turns the macOS script's output into a validated snapshot, or throws naming what is wrong. */
export function parseMacosOutput(stdout: string, meta: RemoteMeta): InventorySnapshot {
  const raw = splitMarkers(OS, stdout, ['sw_vers', 'sysctl', 'profiler']);
  const body = (n: string) => raw.sections.get(n)?.body ?? '';
  const ms = (...n: string[]) => n.reduce((s, k) => s + (raw.sections.get(k)?.durationMs ?? 0), 0);
  const sp = parseJsonSection<Record<string, Row[]>>(OS, 'profiler', body('profiler'));
  const list = (key: string): Row[] => (Array.isArray(sp[key]) ? sp[key] : []);
  const sys = keyValues(body('sysctl'), ':');
  const hw = list('SPHardwareDataType')[0] ?? {};
  const system = compact({
    manufacturer: 'Apple', model: text(hw.machine_model) ?? text(hw.machine_name), serial: text(hw.serial_number), uuid: text(hw.platform_UUID)?.toLowerCase(),
    chassis: /book/i.test(String(hw.machine_name)) ? 'Laptop' : text(hw.machine_name),
  });
  const bios = compact({ vendor: 'Apple', version: text(hw.boot_rom_version) ?? text(hw.os_loader_version), firmware: 'uefi' as const });
  const cpuModel = text(sys.get('machdep.cpu.brand_string')) ?? text(hw.chip_type) ?? text(hw.cpu_type);
  const maxHz = positive(sys.get('hw.cpufrequency_max'));
  const cpu = {
    ...compact({
      manufacturer: /apple/i.test(cpuModel ?? '') ? 'Apple' : /intel/i.test(cpuModel ?? '') ? 'Intel' : undefined, model: cpuModel,
      sockets: positive(sys.get('hw.packages')), cores: positive(sys.get('hw.physicalcpu')), threads: positive(sys.get('hw.logicalcpu')),
      maxGHz: maxHz === undefined ? undefined : Math.round(maxHz / 1e7) / 100,
    }),
    flags: flagsOfInterest(`${sys.get('machdep.cpu.features') ?? ''} ${sys.get('machdep.cpu.leaf7_features') ?? ''}`.toLowerCase().replace(/sse4\.2/g, 'sse4_2')),
  };
  const memRows = list('SPMemoryDataType');
  const modules = memRows.flatMap((m) => (Array.isArray(m._items) ? (m._items as Row[]) : [])).filter((m) => bytes(m.dimm_size)).map((m) => compact({
    slot: text(m._name), sizeBytes: bytes(m.dimm_size), type: text(m.dimm_type), speedMTs: positive(/(\d+)/.exec(String(m.dimm_speed ?? ''))?.[1]),
    manufacturer: text(m.dimm_manufacturer), partNumber: text(m.dimm_part_number), serial: text(m.dimm_serial_number),
  }));
  const swap = /total = ([\d.]+)M/.exec(sys.get('vm.swapusage') ?? '')?.[1];
  const memory = { ...compact({ totalBytes: positive(sys.get('hw.memsize')) ?? bytes(hw.physical_memory), swapBytes: positive(swap) && Number(swap) * 2 ** 20 }), modules };

  const drives = [...list('SPNVMeDataType'), ...list('SPSerialATADataType')].flatMap((c) => (Array.isArray(c._items) ? (c._items as Row[]) : []));
  const disks = drives.map((d) => compact({
    name: text(d.bsd_name), model: text(d.device_model) ?? text(d._name), serial: text(d.device_serial), firmware: text(d.device_revision),
    sizeBytes: positive(d.size_in_bytes), interface: list('SPNVMeDataType').some((c) => (c._items as Row[] | undefined)?.includes(d)) ? 'NVMe' : 'SATA',
    kind: d.spsata_medium_type === 'Rotational' ? 'hdd' as const : 'ssd' as const,
    smart: { health: d.smart_status === 'Verified' ? 'passed' as const : d.smart_status === 'Failing' ? 'failing' as const : 'unknown' as const },
  }));
  const volumes = list('SPStorageDataType').filter((v) => text(v.mount_point)).map((v) => {
    const size = positive(v.size_in_bytes);
    return compact({
      mount: String(v.mount_point), device: text(v.bsd_name) && `/dev/${v.bsd_name}`, fs: text(v.file_system), label: text(v._name), sizeBytes: size,
      usedBytes: size === undefined ? undefined : size - (num(v.free_space_in_bytes) ?? 0),
    });
  });
  const network = list('SPNetworkDataType').filter((n) => text(n.interface)).map((n) => {
    const v4 = (n.IPv4 as Row | undefined) ?? {};
    const addrs = (v4.Addresses as string[] | undefined) ?? [];
    return compact({
      name: String(n.interface), mac: text((n.Ethernet as Row | undefined)?.['MAC Address'])?.toLowerCase(),
      ipv4: addrs.map((a) => ({ address: a })), ipv6: (((n.IPv6 as Row | undefined)?.Addresses as string[] | undefined) ?? []).map((a) => ({ address: a })),
      state: addrs.length ? 'up' as const : 'unknown' as const, wifi: n.type === 'AirPort' || n.hardware === 'AirPort',
    });
  });
  const vers = keyValues(body('sw_vers'), ':');
  const uname = body('uname').trim().split(/\s+/);
  const bootSec = int(/sec = (\d+)/.exec(sys.get('kern.boottime') ?? '')?.[1]);
  const now = Date.parse(body('date').trim());
  const os = compact({
    family: 'macos' as const, distribution: text(vers.get('ProductName')), version: text(vers.get('ProductVersion')), kernel: text(uname[1]), arch: text(uname[2]),
    hostname: text(body('hostname').trim()), lastBoot: bootSec ? new Date(bootSec * 1000).toISOString() : undefined,
    uptimeSeconds: bootSec && Number.isFinite(now) ? Math.max(0, Math.round(now / 1000 - bootSec)) : undefined,
  });
  const power = list('SPPowerDataType').find((p) => p._name === 'spbattery_information');
  const health = (power?.sppower_battery_health_info as Row | undefined) ?? {};
  const model = (power?.sppower_battery_model_info as Row | undefined) ?? {};
  const charge = (power?.sppower_battery_charge_info as Row | undefined) ?? {};
  const maxPct = num(String(health.sppower_battery_health_maximum_capacity ?? '').replace('%', ''));
  const battery = power ? [compact({
    model: text(model.sppower_battery_device_name), manufacturer: text(model.sppower_battery_manufacturer), serial: text(model.sppower_battery_serial_number),
    cycles: positive(health.sppower_battery_cycle_count), wearPercent: maxPct === undefined ? undefined : Math.max(0, Math.min(100, 100 - maxPct)),
    percent: num(charge.sppower_battery_state_of_charge), charging: charge.sppower_battery_is_charging === 'TRUE' || undefined,
  })] : [];
  const gpusRaw = list('SPDisplaysDataType');
  const graphics = {
    gpus: gpusRaw.map((g) => compact({ vendor: text(String(g.spdisplays_vendor ?? '').replace(/^sppci_vendor_/, '')), model: text(g.sppci_model) ?? text(g._name) })),
    displays: gpusRaw.flatMap((g) => (Array.isArray(g.spdisplays_ndrvs) ? (g.spdisplays_ndrvs as Row[]) : [])).map((d) => {
      const res = /(\d+)\s*x\s*(\d+)/.exec(String(d._spdisplays_resolution ?? d._spdisplays_pixels ?? ''));
      return compact({
        model: text(d._name), serial: text(d._spdisplays_display_serial_number), connection: text(String(d.spdisplays_connection_type ?? '').replace(/^spdisplays_/, '')),
        resolutionX: positive(res?.[1]), resolutionY: positive(res?.[2]), main: d.spdisplays_main === 'spdisplays_yes' || undefined,
      });
    }),
  };
  const usb: UsbDevice[] = [];
  const walk = (items: unknown) => {
    for (const d of Array.isArray(items) ? (items as Row[]) : []) {
      if (text(d.vendor_id) || text(d.product_id)) {
        usb.push(compact({ name: text(d._name), manufacturer: text(d.manufacturer), vendorId: text(/0x([0-9a-f]{4})/i.exec(String(d.vendor_id))?.[1]), productId: text(/0x([0-9a-f]{4})/i.exec(String(d.product_id))?.[1]), serial: text(d.serial_num) }));
      }
      walk(d._items);
    }
  };
  walk(list('SPUSBDataType'));
  const printers = list('SPPrintersDataType').filter((p) => text(p._name)).map((p) => compact({
    name: String(p._name), model: text(p.ppd), uri: text(p.uri), status: text(p.status), isDefault: p.default === 'yes' || undefined, shared: p.shared === 'yes' || undefined,
  }));
  const s = <N extends SectionName>(source: string, duration: number, data: Sections[N]['data'], whyEmpty: SectionReason, whyPartial?: SectionReason) =>
    ({ meta: sectionMeta(source, duration, data, whyEmpty, whyPartial), data });
  const spMs = ms('profiler');
  const sections = {
    system: s<'system'>('SPHardwareDataType', spMs, system, reason('failed', 'SPHardwareDataType was empty')),
    bios: s<'bios'>('SPHardwareDataType', spMs, bios, reason('failed', 'SPHardwareDataType was empty')),
    board: s<'board'>('SPHardwareDataType', 0, {}, reason('unsupported', 'macOS does not expose a separate board identity')),
    cpu: s<'cpu'>('sysctl', ms('sysctl'), cpu, reason('failed', 'sysctl named no CPU')),
    memory: s<'memory'>('sysctl+SPMemoryDataType', ms('sysctl') + spMs, memory, reason('failed', 'memory size unreadable'),
      modules.length ? undefined : reason('not_present', 'memory is soldered: SPMemoryDataType lists no modules')),
    disks: s<'disks'>('SPNVMeDataType+SPSerialATADataType', spMs, disks, reason('not_present', 'no disk found')),
    volumes: s<'volumes'>('SPStorageDataType', spMs, volumes, reason('not_present', 'no volume found')),
    network: s<'network'>('SPNetworkDataType', spMs, network, reason('not_present', 'no network service found')),
    os: s<'os'>('sw_vers+uname+sysctl', ms('sw_vers', 'uname'), os, reason('failed', 'sw_vers returned nothing')),
    battery: s<'battery'>('SPPowerDataType', spMs, battery, reason('not_present', 'no battery (desktop Mac)')),
    graphics: s<'graphics'>('SPDisplaysDataType', spMs, graphics, reason('not_present', 'no GPU or display found')),
    usb: s<'usb'>('SPUSBDataType', spMs, usb, reason('not_present', 'no USB devices found')),
    printers: s<'printers'>('SPPrintersDataType', spMs, printers, reason('not_present', 'no printer configured')),
    sensors: s<'sensors'>('none', 0, {}, reason('unsupported', 'macOS exposes temperatures only to privileged tools (powermetrics)')),
  };
  return parseOrThrowSnapshot(
    {
      schemaVersion: INVENTORY_SCHEMA_VERSION, id: randomUUID(), machineKey: meta.host, host: meta.host,
      takenAt: Number.isFinite(now) ? new Date(now).toISOString() : new Date().toISOString(), takenBy: meta.takenBy,
      collector: 'remote-macos', durationMs: Math.round(meta.durationMs), sections,
    },
    'remote inventory (macos)',
  );
}

/** "16 GB" -> bytes. */
function bytes(value: unknown): number | undefined {
  const m = /^([\d.]+)\s*(KB|MB|GB|TB)/i.exec(String(value ?? ''));
  if (!m) return undefined;
  const unit = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 }[(m[2] ?? 'gb').toLowerCase() as 'gb'];
  return Number(m[1]) * unit;
}
