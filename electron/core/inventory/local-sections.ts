import { uptime as osUptime } from 'node:os';
import type si from 'systeminformation';
import type { SystemInformation } from '../system-information';
import {
  compact, flagsOfInterest, int, isVirtualBlockDevice, num, positive, reason, text, wearPercent,
  type Battery, type Disk, type MemoryModule, type NetworkInterface, type SectionData, type SectionName, type SectionReason,
  type SmartInfo, type Volume,
} from '../../../shared/inventory';
import { fromSystemInformation, sysfsInterfaces } from './local-network';
import { dmiReason, firmwareKind, linuxAbsence, printersEmptyReason, smartReason, usbEmptyReason } from './tools';

export interface SectionResult<N extends SectionName> {
  source: string;
  data: SectionData<N>;
  whyEmpty?: SectionReason;
  whyPartial?: SectionReason;
}

export interface LocalContext {
  /** True on a refresh: systeminformation may reuse what it already scanned when nothing changed. */
  refresh: boolean;
  /** systeminformation, loaded for this run (system-information.ts). */
  si: SystemInformation;
  osInfo(): Promise<si.Systeminformation.OsData>;
  /** One lsblk per run, shared by the disks and volumes sections. */
  blockDevices(): Promise<si.Systeminformation.BlockDevicesData[]>;
}

type Collectors = { [N in SectionName]: (ctx: LocalContext) => Promise<SectionResult<N>> };

/**
 * Sections that do not change while the app runs: collected once per process, reused by refresh.
 * Everything else (disks with SMART, volumes, network, uptime, battery, displays, USB, printers,
 * sensors) is dynamic and re-read on every refresh.
 */
export const STATIC_SECTIONS: readonly SectionName[] = ['system', 'bios', 'board', 'cpu', 'memory'];

export const localCollectors: Collectors = {
  async system(ctx) {
    // The chassis type lives in DMI only: no tables, no question asked.
    const [sys, chassis] = await Promise.all([ctx.si.system(), linuxAbsence('dmi') ? Promise.resolve({ type: '' }) : ctx.si.chassis()]);
    const data = compact({
      manufacturer: text(sys.manufacturer), model: text(sys.model), serial: text(sys.serial), uuid: text(sys.uuid)?.toLowerCase(),
      sku: text(sys.sku), chassis: text(chassis.type), virtual: sys.virtual || undefined,
    });
    return { source: 'si.system+si.chassis', data, whyEmpty: dmiReason(), whyPartial: data.serial && data.manufacturer ? undefined : dmiReason() };
  },
  async bios(ctx) {
    const absent = linuxAbsence('dmi');
    if (absent) return { source: 'sysfs (no DMI)', data: compact({ firmware: firmwareKind() }), whyEmpty: absent, whyPartial: absent };
    const bios = await ctx.si.bios();
    const data = compact({ vendor: text(bios.vendor), version: text(bios.version), releaseDate: text(bios.releaseDate), firmware: firmwareKind() });
    return { source: 'si.bios', data, whyEmpty: dmiReason(), whyPartial: data.version ? undefined : dmiReason() };
  },
  async board(ctx) {
    const absent = linuxAbsence('dmi');
    if (absent) return { source: 'sysfs (no DMI)', data: {}, whyEmpty: absent };
    const b = await ctx.si.baseboard();
    const data = compact({ manufacturer: text(b.manufacturer), model: text(b.model), version: text(b.version), serial: text(b.serial), assetTag: text(b.assetTag) });
    return { source: 'si.baseboard', data, whyEmpty: dmiReason(), whyPartial: data.serial ? undefined : dmiReason() };
  },
  async cpu(ctx) {
    const c = await ctx.si.cpu();
    const maker = text(c.manufacturer);
    const brand = text(c.brand);
    const model = brand && maker && !brand.toLowerCase().startsWith(maker.toLowerCase()) ? `${maker} ${brand}` : brand ?? maker;
    const data = {
      ...compact({
        manufacturer: maker, model, sockets: positive(c.processors), cores: positive(c.physicalCores), threads: positive(c.cores),
        baseGHz: positive(c.speed), minGHz: positive(c.speedMin), maxGHz: positive(c.speedMax),
        virtualization: typeof c.virtualization === 'boolean' ? c.virtualization : undefined,
      }),
      flags: flagsOfInterest(c.flags),
    };
    return { source: 'si.cpu', data, whyEmpty: reason('failed', 'the CPU could not be identified') };
  },
  async memory(ctx) {
    const absent = linuxAbsence('dmi');
    const [mem, layout] = await Promise.all([ctx.si.mem(), absent ? Promise.resolve([]) : ctx.si.memLayout()]);
    const modules: MemoryModule[] = layout
      .filter((m) => positive(m.size) !== undefined)
      .map((m) => compact({
        slot: text(m.bank), sizeBytes: positive(m.size), type: text(m.type), speedMTs: positive(m.clockSpeed),
        manufacturer: text(m.manufacturer), partNumber: text(m.partNum), serial: text(m.serialNum), formFactor: text(m.formFactor),
      }));
    // Without DMI, systeminformation invents one module the size of all memory: that is not a module.
    const described = modules.filter((m) => m.slot || m.type || m.partNumber || m.manufacturer);
    const data = { ...compact({ totalBytes: positive(mem.total), swapBytes: positive(mem.swaptotal) }), modules: described };
    return { source: 'si.mem+si.memLayout', data, whyEmpty: reason('failed', 'memory size unreadable'), whyPartial: described.length ? undefined : absent ?? dmiReason() };
  },
  async disks(ctx) {
    const [layout, blocks] = await Promise.all([ctx.si.diskLayout(), ctx.blockDevices()]);
    const disks: Disk[] = layout.map((d) => compact({
      name: text(d.device?.replace(/^\/dev\//, '')), model: text(d.name), vendor: text(d.vendor), serial: text(d.serialNum),
      firmware: text(d.firmwareRevision), sizeBytes: positive(d.size), interface: text(d.interfaceType),
      kind: /ssd|nvme/i.test(d.type) ? 'ssd' as const : /hd/i.test(d.type) ? 'hdd' as const : undefined,
      smart: smartOf(d),
    }));
    const known = new Set(disks.map((d) => d.name));
    // diskLayout misses virtio and some USB disks; lsblk-based blockDevices sees them.
    for (const b of blocks) {
      if (b.type !== 'disk' || isVirtualBlockDevice(b.name) || known.has(b.name) || !positive(b.size)) continue;
      disks.push(compact({
        name: text(b.name), model: text(b.model), serial: text(b.serial), sizeBytes: positive(b.size), interface: text(b.protocol),
        kind: b.physical === 'SSD' ? 'ssd' as const : b.physical === 'HDD' ? 'hdd' as const : undefined, removable: b.removable || undefined,
      }));
    }
    const noSmart = disks.some((d) => !d.smart);
    return { source: 'si.diskLayout+si.blockDevices', data: disks, whyEmpty: reason('not_present', 'no disk found'), whyPartial: noSmart ? smartReason() : undefined };
  },
  async volumes(ctx) {
    const [fs, blocks] = await Promise.all([ctx.si.fsSize(), ctx.blockDevices()]);
    const crypt = new Set(blocks.filter((b) => b.type === 'crypt').map((b) => b.name));
    const data: Volume[] = fs
      .filter((v) => text(v.mount) && positive(v.size))
      .map((v) => {
        const base = v.fs.replace(/^\/dev\/mapper\//, '');
        const encrypted = crypt.has(base) || undefined;
        return compact({
          mount: v.mount, device: text(v.fs), fs: text(v.type), sizeBytes: positive(v.size), usedBytes: num(v.used),
          encryption: encrypted ? { encrypted: true, method: 'LUKS' } : undefined,
        });
      });
    return { source: 'si.fsSize', data, whyEmpty: reason('not_present', 'no mounted volume found') };
  },
  async network(ctx) {
    const all = sysfsInterfaces();
    if (all) return { source: '/sys/class/net + os.networkInterfaces', data: all, whyEmpty: reason('not_present', 'no network interface found') };
    const data = fromSystemInformation(await ctx.si.networkInterfaces(!ctx.refresh), undefined, maskToPrefix);
    return { source: 'si.networkInterfaces + os.networkInterfaces', data, whyEmpty: reason('not_present', 'no network interface found') };
  },
  async os(ctx) {
    // Uptime and time zone straight from Node: si.time() spawns a blocking shell for the same two values.
    const o = await ctx.osInfo();
    const uptime = num(osUptime());
    const data = compact({
      family: o.platform === 'linux' ? 'linux' as const : o.platform === 'win32' || o.platform === 'Windows' ? 'windows' as const : o.platform === 'darwin' ? 'macos' as const : 'other' as const,
      distribution: text(o.distro), version: text(o.release), codename: text(o.codename), kernel: text(o.kernel), arch: unameArch(o.arch),
      hostname: text(o.hostname), uptimeSeconds: uptime === undefined ? undefined : Math.round(uptime),
      lastBoot: uptime === undefined ? undefined : new Date(Math.round((Date.now() - uptime * 1000) / 1000) * 1000).toISOString(),
      timezone: text(Intl.DateTimeFormat().resolvedOptions().timeZone),
    });
    return { source: 'si.osInfo+os.uptime', data, whyEmpty: reason('failed', 'the operating system could not be identified') };
  },
  async battery(ctx) {
    const b = await ctx.si.battery();
    if (!b.hasBattery) return { source: 'si.battery', data: [], whyEmpty: reason('not_present', 'no battery (desktop, server or virtual machine)') };
    // Capacities in mAh (some laptops) become mWh with the pack voltage.
    const toMWh = (v: number) => (b.capacityUnit === 'mAh' && b.voltage ? Math.round(v * b.voltage) : v);
    const design = positive(b.designedCapacity) && toMWh(b.designedCapacity);
    const full = positive(b.maxCapacity) && toMWh(b.maxCapacity);
    const data: Battery[] = [compact({
      model: text(b.model), manufacturer: text(b.manufacturer), serial: text(b.serial), chemistry: text(b.type),
      designCapacityMWh: design || undefined, fullCapacityMWh: full || undefined, wearPercent: wearPercent(design || undefined, full || undefined),
      cycles: positive(b.cycleCount), percent: num(b.percent), charging: b.isCharging,
    })];
    return { source: 'si.battery', data };
  },
  async graphics(ctx) {
    const absent = linuxAbsence('graphics');
    if (absent) return { source: 'sysfs (/sys/class/drm, PCI class 03)', data: { gpus: [], displays: [] }, whyEmpty: absent };
    const g = await ctx.si.graphics();
    const data = {
      gpus: g.controllers.map((c) => compact({ vendor: text(c.vendor), model: text(c.model), vramMiB: positive(c.vram), bus: text(c.bus), driverVersion: text(c.driverVersion) })),
      displays: g.displays.map((d) => compact({
        vendor: text(d.vendor), model: text(d.model), serial: text(d.serial), connection: text(d.connection),
        resolutionX: positive(d.currentResX ?? d.resolutionX), resolutionY: positive(d.currentResY ?? d.resolutionY), main: d.main || undefined,
      })),
    };
    return { source: 'si.graphics', data, whyEmpty: reason('not_present', 'no GPU or display found (headless or virtual machine)') };
  },
  async usb(ctx) {
    const absent = linuxAbsence('usb');
    if (absent) return { source: 'sysfs (/sys/bus/usb)', data: [], whyEmpty: absent };
    const devices = await ctx.si.usb();
    const data = devices.map((u) => compact({
      name: text(u.name), manufacturer: text(u.manufacturer ?? u.vendor), serial: text(u.serialNumber), type: text(u.type), bus: text(String(u.bus ?? '')),
      productId: text(u.deviceId !== undefined ? String(u.deviceId) : undefined),
    }));
    return { source: 'si.usb', data, whyEmpty: usbEmptyReason() };
  },
  async printers(ctx) {
    const absent = linuxAbsence('printers');
    if (absent) return { source: 'PATH (lpstat), /etc/cups', data: [], whyEmpty: absent };
    const printers = await ctx.si.printer();
    const data = printers
      .filter((p) => text(p.name))
      .map((p) => compact({ name: p.name, model: text(p.model), uri: text(p.uri), status: text(p.status), isDefault: p.default || undefined, shared: p.shared || undefined, network: p.local === false ? true : undefined }));
    return { source: 'si.printer', data, whyEmpty: printersEmptyReason() };
  },
  async sensors(ctx) {
    const noSensor = linuxAbsence('temperature');
    const [temp, speed] = await Promise.all([noSensor ? Promise.resolve({ main: null }) : ctx.si.cpuTemperature(), ctx.si.cpuCurrentSpeed()]);
    const data = compact({ cpuTemperatureC: temp.main ?? undefined, cpuCurrentGHz: positive(speed.avg) });
    return { source: 'si.cpuTemperature+si.cpuCurrentSpeed', data, whyEmpty: reason('not_present', 'no CPU temperature or frequency sensor exposed (virtual machine?)') };
  },
};

function smartOf(d: si.Systeminformation.DiskLayoutData): SmartInfo | undefined {
  const status = (d.smartStatus ?? '').toLowerCase();
  const data = d.smartData;
  if (!data && (status === '' || status === 'unknown')) return undefined;
  const attrs = data?.ata_smart_attributes?.table ?? [];
  const raw = (id: number) => int(attrs.find((a) => a.id === id)?.raw?.value);
  const nvme = data?.nvme_smart_health_information_log;
  const passed = data?.smart_status?.passed;
  return compact({
    health: passed === false || status.includes('fail') ? 'failing' as const : passed === true || status === 'ok' ? 'passed' as const : 'unknown' as const,
    temperatureC: data?.temperature?.current ?? d.temperature ?? undefined,
    powerOnHours: int(data?.power_on_time?.hours),
    reallocatedSectors: raw(5),
    pendingSectors: raw(197),
    percentUsed: num(nvme?.percentage_used),
    mediaErrors: int(nvme?.media_errors),
  });
}

/** 255.255.255.0 -> 24; ffff:ffff:ffff:ffff:: -> 64. */
export function maskToPrefix(mask: string | undefined): number | undefined {
  if (!mask) return undefined;
  if (mask.includes('.')) {
    const bits = mask.split('.').map((p) => Number(p).toString(2).padStart(8, '0')).join('');
    return /^1*0*$/.test(bits) ? bits.indexOf('0') === -1 ? 32 : bits.indexOf('0') : undefined;
  }
  const groups = mask.split('::')[0]?.split(':').filter(Boolean) ?? [];
  let prefix = 0;
  for (const g of groups) prefix += parseInt(g, 16).toString(2).replace(/0+$/, '').length;
  return Math.min(prefix, 128);
}

/** Node's names (x64, arm64) to the kernel's (x86_64, aarch64), as the remote collectors report them. */
function unameArch(arch: string | undefined): string | undefined {
  const map: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'i686', arm: 'armv7l' };
  return text(arch && (map[arch] ?? arch));
}
