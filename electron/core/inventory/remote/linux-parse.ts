import { randomUUID } from 'node:crypto';
import {
  INVENTORY_SCHEMA_VERSION, compact, flagsOfInterest, int, isVirtualBlockDevice, num, positive, reason, sectionMeta, text, wearPercent,
  type Battery, type Disk, type InventorySnapshot, type MemoryModule, type NetworkInterface, type SectionName, type SectionReason,
  type Sections, type SmartInfo, type UsbDevice, type Volume,
} from '../../../../shared/inventory';
import { parseOrThrowSnapshot } from '../snapshot';
import { keyValues, parseJsonSection, remoteError, splitMarkers, type RawOutput, type RawSection } from './markers';

export interface RemoteMeta {
  /** The host's name as the technician knows it: the snapshot's machine key. */
  host: string;
  takenBy: string;
  durationMs: number;
}

const OS = 'linux';
const REQUIRED = ['uname', 'cpuinfo', 'meminfo'] as const;

/** Turns the Linux script's output into a validated snapshot, or throws naming what is wrong. */
export function parseLinuxOutput(stdout: string, meta: RemoteMeta): InventorySnapshot {
  const raw = splitMarkers(OS, stdout, REQUIRED);
  const get = (name: string) => raw.sections.get(name);
  const body = (name: string) => get(name)?.body ?? '';
  const ms = (...names: string[]) => names.reduce((sum, n) => sum + (get(n)?.durationMs ?? 0), 0);
  const why = (key: string, fallback: SectionReason): SectionReason => statusReason(raw, key) ?? fallback;

  const dmi = keyValues(body('dmi'));
  const noDmi = statusReason(raw, 'dmi');
  const serialsNeedRoot = statusReason(raw, 'dmi_serials');
  const dmiSource = get('dmi') ? '/sys/class/dmi/id' : 'sysfs (no DMI)';

  const system = compact({
    manufacturer: text(dmi.get('sys_vendor')), model: text(dmi.get('product_name')), serial: text(dmi.get('product_serial')),
    uuid: text(dmi.get('product_uuid'))?.toLowerCase(), sku: text(dmi.get('product_sku')), chassis: chassisName(dmi.get('chassis_type')),
  });
  const secure = body('secureboot').trim();
  const bios = compact({
    vendor: text(dmi.get('bios_vendor')), version: text(dmi.get('bios_version')), releaseDate: text(dmi.get('bios_date')),
    firmware: body('firmware').trim() === 'uefi' ? 'uefi' as const : get('firmware') ? 'bios' as const : undefined,
    secureBoot: secure === '1' ? true : secure === '0' ? false : undefined,
  });
  const board = compact({
    manufacturer: text(dmi.get('board_vendor')), model: text(dmi.get('board_name')), version: text(dmi.get('board_version')),
    serial: text(dmi.get('board_serial')), assetTag: text(dmi.get('board_asset_tag')),
  });
  const dmiWhy = noDmi ?? serialsNeedRoot ?? reason('not_present', 'the firmware leaves these fields empty');

  const cpuInfo = parseCpuinfo(body('cpuinfo'));
  const freq = keyValues(body('cpufreq'));
  const khz = (k: string) => { const v = positive(freq.get(k)); return v === undefined ? undefined : Math.round(v / 1e4) / 100; };
  const cpu = { ...compact({ ...cpuInfo.cpu, minGHz: khz('cpuinfo_min_freq'), maxGHz: khz('cpuinfo_max_freq'), baseGHz: khz('base_frequency') ?? cpuInfo.cpu.baseGHz }), flags: cpuInfo.flags };

  const meminfo = keyValues(body('meminfo'), ':');
  const kib = (k: string) => { const v = positive(meminfo.get(k)?.replace(/\s*kB$/, '')); return v === undefined ? undefined : v * 1024; };
  const modules = get('dmidecode_memory') ? parseDmidecodeMemory(body('dmidecode_memory')) : [];
  const memory = { ...compact({ totalBytes: kib('MemTotal'), swapBytes: kib('SwapTotal') }), modules };

  const tree = get('lsblk') ? parseJsonSection<{ blockdevices?: LsblkNode[] }>(OS, 'lsblk', body('lsblk')).blockdevices ?? [] : [];
  const smart = new Map<string, SmartInfo>();
  const smartFirmware = new Map<string, string>();
  for (const [name, section] of raw.sections) {
    if (!name.startsWith('smart:') || !section.body.trim()) continue;
    const dev = name.slice(6);
    const json = parseJsonSection<SmartctlJson>(OS, name, section.body);
    smart.set(dev, smartFromJson(json));
    if (json.firmware_version) smartFirmware.set(dev, json.firmware_version);
  }
  const disks: Disk[] = tree
    .filter((d) => d.type === 'disk' && !isVirtualBlockDevice(d.name) && positive(d.size))
    .map((d) => compact({
      name: d.name, model: text(d.model), vendor: d.vendor?.startsWith('0x') ? undefined : text(d.vendor), serial: text(d.serial),
      firmware: text(d.rev) ?? smartFirmware.get(d.name), sizeBytes: positive(d.size), interface: text(d.tran),
      kind: d.rota === true || d.rota === '1' ? 'hdd' as const : d.rota === false || d.rota === '0' ? 'ssd' as const : undefined,
      removable: d.rm === true || d.rm === '1' ? true : undefined, smart: smart.get(d.name),
    }));
  const smartWhy = statusReason(raw, 'smart') ?? reason('not_present', 'the disks report no SMART data (virtual disks have none)');

  const volumes = parseVolumes(body('df'), body('mounts'), tree);
  const network = parseNetwork(get('ip_addr'), body('net_sys'));
  const osRelease = keyValues(body('os_release'));
  const uname = body('uname').trim().split(/\s+/);
  const uptime = num(body('uptime').trim().split(/\s+/)[0]);
  const now = Date.parse(body('date').trim());
  const os = compact({
    family: 'linux' as const, distribution: text(osRelease.get('NAME')), version: text(osRelease.get('VERSION_ID')),
    codename: text(osRelease.get('VERSION_CODENAME')), kernel: text(uname[1]), arch: text(uname[2]), hostname: text(body('hostname').trim()),
    uptimeSeconds: uptime === undefined ? undefined : Math.round(uptime),
    lastBoot: uptime !== undefined && Number.isFinite(now) ? new Date(Math.round((now - uptime * 1000) / 1000) * 1000).toISOString() : undefined,
    timezone: text(body('timezone').trim()),
  });
  const battery = parseBatteries(body('battery'));
  const gpus = get('gpus_lspci') ? parseLspci(body('gpus_lspci')) : parseSysGpus(body('gpus_sys'));
  const displays = body('displays').split('\n').filter(Boolean).map((line) => {
    const [conn, modes] = line.split(' modes=');
    const [x, y] = (modes ?? '').split('x');
    return compact({ connection: text(conn?.replace(/^card\d+-/, '')), resolutionX: positive(x), resolutionY: positive(int(y)) });
  });
  const usb = parseUsb(body('usb'));
  const printers = parsePrinters(body('printers'), body('printer_uris'), body('printer_default'));
  const sensors = compact({ cpuTemperatureC: cpuTemperature(body('temps')), cpuCurrentGHz: khz('scaling_cur_freq') ?? cpuInfo.currentGHz });

  const s = <N extends SectionName>(source: string, duration: number, data: Sections[N]['data'], whyEmpty: SectionReason, whyPartial?: SectionReason) =>
    ({ meta: sectionMeta(source, duration, data, whyEmpty, whyPartial), data });
  const sections = {
    system: s<'system'>(dmiSource, ms('dmi'), system, dmiWhy, system.serial ? undefined : dmiWhy),
    bios: s<'bios'>(dmiSource, ms('dmi', 'firmware'), bios, dmiWhy, bios.version ? undefined : dmiWhy),
    board: s<'board'>(dmiSource, ms('dmi'), board, dmiWhy, board.serial ? undefined : dmiWhy),
    cpu: s<'cpu'>('/proc/cpuinfo', ms('cpuinfo', 'cpufreq'), cpu, reason('failed', '/proc/cpuinfo named no CPU')),
    memory: s<'memory'>(modules.length ? '/proc/meminfo+dmidecode' : '/proc/meminfo', ms('meminfo', 'dmidecode_memory'), memory,
      reason('failed', '/proc/meminfo unreadable'), modules.length ? undefined : why('memory_modules', reason('not_present', 'dmidecode listed no memory module'))),
    disks: s<'disks'>(smart.size ? 'lsblk+smartctl' : 'lsblk', ms('lsblk', ...[...raw.sections.keys()].filter((k) => k.startsWith('smart:'))), disks,
      why('disks', reason('not_present', 'no disk found')), disks.some((d) => !d.smart) ? smartWhy : undefined),
    volumes: s<'volumes'>('df+/proc/mounts', ms('df', 'mounts'), volumes, reason('not_present', 'no mounted volume found')),
    network: s<'network'>('ip -j addr+/sys/class/net', ms('ip_addr', 'net_sys'), network, why('network', reason('not_present', 'no network interface found'))),
    os: s<'os'>('/etc/os-release+uname', ms('os_release', 'uname', 'uptime', 'hostname'), os, reason('failed', 'the operating system could not be identified')),
    battery: s<'battery'>('/sys/class/power_supply', ms('battery'), battery, reason('not_present', 'no battery (desktop, server or virtual machine)')),
    graphics: s<'graphics'>(get('gpus_lspci') ? 'lspci+/sys/class/drm' : '/sys/bus/pci+/sys/class/drm', ms('gpus_lspci', 'gpus_sys', 'displays'), { gpus, displays },
      reason('not_present', 'no GPU or display found (headless or virtual machine)')),
    usb: s<'usb'>('/sys/bus/usb', ms('usb'), usb, why('usb', reason('not_present', 'no USB devices connected'))),
    printers: s<'printers'>('lpstat', ms('printers', 'printer_uris', 'printer_default'), printers, why('printers', reason('not_present', 'no printer configured'))),
    sensors: s<'sensors'>('/sys/class/thermal+/sys/class/hwmon', ms('temps'), sensors, reason('not_present', 'no CPU temperature or frequency sensor exposed (virtual machine?)')),
  };
  return parseOrThrowSnapshot(
    {
      schemaVersion: INVENTORY_SCHEMA_VERSION, id: randomUUID(), machineKey: meta.host, host: meta.host,
      takenAt: Number.isFinite(now) ? new Date(now).toISOString() : new Date().toISOString(), takenBy: meta.takenBy,
      collector: 'remote-linux', durationMs: Math.round(meta.durationMs), sections,
    },
    'remote inventory (linux)',
  );
}

const STATUS_MESSAGES: Record<string, (tool?: string) => string> = {
  no_dmi: () => 'no DMI tables on this machine (virtual machine or container)',
  needs_root: (tool) => `needs root for ${tool ?? 'this tool'}`,
  not_installed: (tool) => `${tool ?? 'the tool'} not installed`,
  not_present: () => 'not present on this machine',
};

export function statusReason(raw: RawOutput, key: string): SectionReason | undefined {
  const st = raw.statuses.get(key);
  if (!st) return undefined;
  const code = (['no_dmi', 'needs_root', 'not_installed', 'not_present'] as const).find((c) => c === st.code) ?? 'failed';
  const message = STATUS_MESSAGES[code]?.(st.tool) ?? `${key}: ${st.code}`;
  return reason(code, message, st.tool ? { tool: st.tool } : {});
}

const CHASSIS: Record<string, string> = {
  '3': 'Desktop', '4': 'Low Profile Desktop', '6': 'Mini Tower', '7': 'Tower', '8': 'Portable', '9': 'Laptop', '10': 'Notebook',
  '13': 'All in One', '14': 'Sub Notebook', '17': 'Main Server Chassis', '23': 'Rack Mount Chassis', '30': 'Tablet', '31': 'Convertible',
  '32': 'Detachable', '35': 'Mini PC', '36': 'Stick PC', '1': 'Other',
};
function chassisName(code: string | undefined): string | undefined {
  const c = text(code);
  return c ? CHASSIS[c] ?? c : undefined;
}

const VENDORS: Record<string, string> = { GenuineIntel: 'Intel', AuthenticAMD: 'AMD', HygonGenuine: 'Hygon', CentaurHauls: 'VIA' };

function parseCpuinfo(body: string) {
  const blocks = body.split(/\n\s*\n/).map((b) => keyValues(b, ':')).filter((b) => b.has('processor'));
  const first = blocks[0] ?? new Map<string, string>();
  const sockets = new Set(blocks.map((b) => b.get('physical id') ?? '0'));
  const cores = new Set(blocks.map((b) => `${b.get('physical id') ?? '0'}:${b.get('core id') ?? b.get('processor')}`));
  const model = text(first.get('model name')) ?? text(keyValues(body, ':').get('Model')) ?? text(keyValues(body, ':').get('Hardware'));
  const mhz = blocks.map((b) => num(b.get('cpu MHz'))).filter((v): v is number => v !== undefined);
  const atGHz = /@\s*([\d.]+)\s*GHz/i.exec(model ?? '')?.[1];
  return {
    cpu: {
      manufacturer: VENDORS[first.get('vendor_id') ?? ''] ?? text(first.get('vendor_id')),
      model, sockets: blocks.length ? sockets.size : undefined, cores: blocks.length ? cores.size : undefined,
      threads: blocks.length || undefined, baseGHz: positive(atGHz),
    },
    flags: flagsOfInterest(first.get('flags') ?? first.get('Features') ?? keyValues(body, ':').get('flags') ?? ''),
    currentGHz: mhz.length ? Math.round(mhz.reduce((a, b) => a + b, 0) / mhz.length / 10) / 100 : undefined,
  };
}

/** `dmidecode -t 17`: one "Memory Device" block per slot; empty slots say "No Module Installed". */
export function parseDmidecodeMemory(body: string): MemoryModule[] {
  return body.split(/\n(?=Handle )/).filter((b) => b.includes('Memory Device')).flatMap((block) => {
    const kv = keyValues(block.split('\n').map((l) => l.trim()).join('\n'), ':');
    const size = /^(\d+)\s*(MB|GB|TB|kB)/i.exec(kv.get('Size') ?? '');
    if (!size) return [];
    const unit = { kb: 2 ** 10, mb: 2 ** 20, gb: 2 ** 30, tb: 2 ** 40 }[(size[2] ?? 'mb').toLowerCase() as 'mb'];
    return [compact({
      slot: text(kv.get('Locator')), sizeBytes: Number(size[1]) * unit, type: text(kv.get('Type')),
      speedMTs: positive(/^(\d+)/.exec(kv.get('Configured Memory Speed') ?? kv.get('Speed') ?? '')?.[1]),
      manufacturer: text(kv.get('Manufacturer')), partNumber: text(kv.get('Part Number')), serial: text(kv.get('Serial Number')),
      formFactor: text(kv.get('Form Factor')),
    })];
  });
}

interface LsblkNode {
  name: string; kname?: string; type: string; size: number | string | null; model?: string | null; serial?: string | null; rev?: string | null;
  vendor?: string | null; rota?: boolean | string | null; tran?: string | null; rm?: boolean | string | null; mountpoint?: string | null;
  fstype?: string | null; uuid?: string | null; label?: string | null; children?: LsblkNode[];
}

interface SmartctlJson {
  firmware_version?: string;
  smart_status?: { passed?: boolean };
  temperature?: { current?: number };
  power_on_time?: { hours?: number };
  ata_smart_attributes?: { table?: { id: number; raw?: { value?: number } }[] };
  nvme_smart_health_information_log?: { percentage_used?: number; media_errors?: number };
}

export function smartFromJson(j: SmartctlJson): SmartInfo {
  const raw = (id: number) => int(j.ata_smart_attributes?.table?.find((a) => a.id === id)?.raw?.value);
  return compact({
    health: j.smart_status?.passed === true ? 'passed' as const : j.smart_status?.passed === false ? 'failing' as const : 'unknown' as const,
    temperatureC: j.temperature?.current, powerOnHours: int(j.power_on_time?.hours), reallocatedSectors: raw(5), pendingSectors: raw(197),
    percentUsed: num(j.nvme_smart_health_information_log?.percentage_used), mediaErrors: int(j.nvme_smart_health_information_log?.media_errors),
  });
}

const NETWORK_FS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', 'fuse.sshfs', 'zfs', 'overlay']);

function parseVolumes(df: string, mounts: string, tree: LsblkNode[]): Volume[] {
  const types = new Map<string, { dev: string; fs: string }>();
  for (const line of mounts.split('\n')) {
    const [dev, mount, fs] = line.split(' ');
    if (dev && mount && fs) types.set(unescapeMount(mount), { dev, fs });
  }
  const encrypted = new Set<string>();
  const walk = (nodes: LsblkNode[] | undefined, inCrypt: boolean) => {
    for (const n of nodes ?? []) {
      const crypt = inCrypt || n.type === 'crypt';
      if (crypt) for (const key of [n.name, n.kname, `/dev/mapper/${n.name}`, `/dev/${n.kname ?? n.name}`]) if (key) encrypted.add(key);
      walk(n.children, crypt);
    }
  };
  walk(tree, false);
  const out: Volume[] = [];
  for (const line of df.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 6) continue;
    const [dev = '', blocks, used] = cols;
    const mount = unescapeMount(cols.slice(5).join(' '));
    const fs = types.get(mount)?.fs;
    if (!dev.startsWith('/dev/') && !(fs && NETWORK_FS.has(fs))) continue;
    if (isVirtualBlockDevice(dev.replace('/dev/', ''))) continue;
    const size = positive(blocks);
    if (!size) continue;
    out.push(compact({
      mount, device: dev, fs: text(fs), sizeBytes: size * 1024, usedBytes: (num(used) ?? 0) * 1024,
      encryption: encrypted.has(dev) ? { encrypted: true, method: 'LUKS' } : undefined,
    }));
  }
  return out;
}

function unescapeMount(m: string): string {
  return m.replace(/\\(\d{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

interface IpAddr { ifname: string; address?: string; operstate?: string; mtu?: number; link_type?: string; addr_info?: { family: string; local: string; prefixlen?: number }[] }

function parseNetwork(ip: RawSection | undefined, netSys: string): NetworkInterface[] {
  const sys = new Map<string, Map<string, string>>();
  for (const line of netSys.split('\n').filter(Boolean)) {
    const [name, ...rest] = line.split(' ');
    if (name) sys.set(name, new Map(rest.map((kv) => kv.split('=') as [string, string])));
  }
  const entries: IpAddr[] = ip ? parseJsonSection<IpAddr[]>(OS, 'ip_addr', ip.body) : [...sys.keys()].map((ifname) => ({ ifname }));
  return entries.map((e) => {
    const s = sys.get(e.ifname);
    const state = (e.operstate ?? s?.get('state') ?? '').toLowerCase();
    const addrs = (family: string) => (e.addr_info ?? []).filter((a) => a.family === family).map((a) => compact({ address: a.local, prefix: a.prefixlen }));
    return compact({
      name: e.ifname, mac: text(e.address ?? s?.get('mac')), ipv4: addrs('inet'), ipv6: addrs('inet6'),
      speedMbps: positive(s?.get('speed')), state: state === 'up' ? 'up' as const : state === 'down' ? 'down' as const : 'unknown' as const,
      wifi: s?.get('wifi') === '1', virtual: s?.get('virtual') === '1' && e.link_type !== 'loopback' ? true : undefined,
      loopback: e.link_type === 'loopback' || e.ifname === 'lo' ? true : undefined, mtu: positive(e.mtu ?? s?.get('mtu')),
    });
  });
}

function parseBatteries(body: string): Battery[] {
  return body.split('@battery ').slice(1).map((block) => {
    const kv = keyValues(block);
    const p = (k: string) => num(kv.get(`POWER_SUPPLY_${k}`));
    const voltage = p('VOLTAGE_MIN_DESIGN');
    // Energy in µWh; or charge in µAh, times the design voltage in µV.
    const mwh = (energy: string, charge: string) => {
      const e = p(energy);
      if (e !== undefined) return Math.round(e / 1000);
      const c = p(charge);
      return c !== undefined && voltage ? Math.round((c * voltage) / 1e9) : undefined;
    };
    const design = mwh('ENERGY_FULL_DESIGN', 'CHARGE_FULL_DESIGN');
    const full = mwh('ENERGY_FULL', 'CHARGE_FULL');
    return compact({
      model: text(kv.get('POWER_SUPPLY_MODEL_NAME')), manufacturer: text(kv.get('POWER_SUPPLY_MANUFACTURER')),
      serial: text(kv.get('POWER_SUPPLY_SERIAL_NUMBER')), chemistry: text(kv.get('POWER_SUPPLY_TECHNOLOGY')),
      designCapacityMWh: design, fullCapacityMWh: full, wearPercent: wearPercent(design, full), cycles: positive(p('CYCLE_COUNT')),
      percent: p('CAPACITY'), charging: kv.has('POWER_SUPPLY_STATUS') ? kv.get('POWER_SUPPLY_STATUS') === 'Charging' : undefined,
    });
  });
}

function parseLspci(body: string) {
  return body.split('\n').filter(Boolean).map((line) => {
    const quoted = [...line.matchAll(/"([^"]*)"/g)].map((m) => m[1]?.replace(/\s*\[[0-9a-f]{4}\]$/i, ''));
    return compact({ bus: text(line.split(' ')[0]), vendor: text(quoted[1]), model: text(quoted[2]) });
  });
}

const PCI_VENDORS: Record<string, string> = { '0x8086': 'Intel', '0x10de': 'NVIDIA', '0x1002': 'AMD', '0x1af4': 'Red Hat (virtio)', '0x1234': 'QEMU', '0x15ad': 'VMware', '0x80ee': 'VirtualBox' };
function parseSysGpus(body: string) {
  return body.split('\n').filter(Boolean).map((line) => {
    const [bus, vendor, device] = line.split(' ');
    return compact({ bus: text(bus), vendor: PCI_VENDORS[vendor ?? ''] ?? text(vendor), model: text(device && `PCI device ${vendor}:${device}`) });
  });
}

function parseUsb(body: string): UsbDevice[] {
  return body.split('\n').filter(Boolean).flatMap((line) => {
    const [bus, vendorId, productId, manufacturer, product, serial, cls] = line.split('|');
    if (vendorId === '1d6b') return []; // Linux root hubs are the controller, not a device
    return [compact({ bus: text(bus), vendorId: text(vendorId), productId: text(productId), manufacturer: text(manufacturer), name: text(product), serial: text(serial), type: cls === '09' ? 'Hub' : undefined })];
  });
}

function parsePrinters(list: string, uris: string, def: string) {
  const uri = new Map([...uris.matchAll(/^device for ([^:]+):\s*(\S+)/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
  const dflt = /destination:\s*(\S+)/.exec(def)?.[1];
  return [...list.matchAll(/^printer (\S+) (.*)$/gm)].map((m) => {
    const name = m[1] ?? '';
    const u = uri.get(name);
    return compact({
      name, uri: text(u), status: /is idle/.test(m[2] ?? '') ? 'idle' : /disabled/.test(m[2] ?? '') ? 'disabled' : /printing/.test(m[2] ?? '') ? 'printing' : text(m[2]),
      isDefault: dflt === name || undefined, network: u ? /^(ipp|ipps|http|https|socket|lpd|smb|dnssd):/.test(u) : undefined,
    });
  });
}

function cpuTemperature(body: string): number | undefined {
  const rows = body.split('\n').filter(Boolean).map((l) => l.split(' ')).map(([kind, name, milli]) => ({ kind, name: name ?? '', c: (Number(milli) || NaN) / 1000 }));
  const pick = rows.find((r) => r.kind === 'hwmon' && /k10temp|coretemp|cpu|zenpower/.test(r.name)) ??
    rows.find((r) => r.kind === 'zone' && /x86_pkg|cpu|soc|acpitz/.test(r.name));
  return pick && Number.isFinite(pick.c) ? Math.round(pick.c * 10) / 10 : undefined;
}

export { remoteError };
