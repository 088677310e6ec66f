import type { InventorySnapshot } from '../../../../shared/inventory';
import { compact } from '../../../../shared/inventory';
import { equipmentContent, glpiItemtype } from './export-equipment';
import { assertValidGlpi } from './validate';

export interface GlpiDocument {
  deviceid: string;
  action: 'inventory' | 'netinventory';
  itemtype: 'Computer' | 'NetworkEquipment' | 'Printer' | 'Phone';
  content: Record<string, unknown>;
}

const MB = 1_000_000;
const MIB = 2 ** 20;
const mb = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / MB));
const mib = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / MIB));
const nonEmpty = <T>(list: T[]) => (list.length > 0 ? list : undefined);

const GLPI_ARCH = /^(mips|mips64|alpha|sparc|sparc64|m68k|i\d86|x86_64|powerpc|powerpc64|arm.*|aarch64)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-24T08:03:01.000Z" -> "2026-11-24 08:03:01" (GLPI's datetime). */
function glpiDateTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 19).replace('T', ' ') : undefined;
}

function glpiDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  if (DATE.test(value)) return value;
  const us = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value); // dmidecode prints MM/DD/YYYY
  if (us) return `${us[3]}-${us[1]}-${us[2]}`;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString().slice(0, 10) : undefined;
}

function glpiArch(arch: string | undefined): string | undefined {
  const a = arch === 'x64' ? 'x86_64' : arch === 'arm64' ? 'aarch64' : arch === 'ia32' ? 'i686' : arch === '64-bit' ? 'x86_64' : arch;
  return a && GLPI_ARCH.test(a) ? a : undefined;
}

/** Our snapshot in GLPI's native inventory format; validated against the shipped schema before it is returned. */
export async function toGlpi(snapshot: InventorySnapshot, options: { agentVersion?: string } = {}): Promise<GlpiDocument> {
  const s = snapshot.sections;
  const name = s.os.data.hostname ?? snapshot.host ?? snapshot.machineKey;
  const stamp = snapshot.takenAt.slice(0, 19).replace(/[T:]/g, '-');
  const ipv4 = /^(\d{1,3}\.){3}\d{1,3}$/;
  const content: Record<string, unknown> = compact({
    versionclient: `Atelier_v${options.agentVersion ?? '0'}`,
    hardware: compact({
      name, uuid: s.system.data.uuid, memory: mib(s.memory.data.totalBytes), swap: mib(s.memory.data.swapBytes), chassis_type: s.system.data.chassis,
      vmsystem: s.system.data.virtual === true ? 'Virtual' : undefined,
    }),
    bios: compact({
      bdate: glpiDate(s.bios.data.releaseDate), bmanufacturer: s.bios.data.vendor, bversion: s.bios.data.version,
      mmanufacturer: s.board.data.manufacturer, mmodel: s.board.data.model, msn: s.board.data.serial, assettag: s.board.data.assetTag,
      smanufacturer: s.system.data.manufacturer, smodel: s.system.data.model, ssn: s.system.data.serial, skunumber: s.system.data.sku,
      secure_boot: s.bios.data.secureBoot === undefined ? undefined : s.bios.data.secureBoot ? 'enabled' : 'disabled',
    }),
    operatingsystem: compact({
      name: s.os.data.distribution, full_name: [s.os.data.distribution, s.os.data.version].filter(Boolean).join(' ') || undefined,
      version: s.os.data.version, kernel_version: s.os.data.kernel, arch: glpiArch(s.os.data.arch),
      kernel_name: s.os.data.family === 'windows' ? 'MSWin32' : s.os.data.family === 'macos' ? 'darwin' : s.os.data.family,
      boot_time: glpiDateTime(s.os.data.lastBoot), fqdn: s.os.data.hostname,
    }),
    cpus: s.cpu.data.model || s.cpu.data.cores ? [compact({
      name: s.cpu.data.model, manufacturer: s.cpu.data.manufacturer, core: s.cpu.data.cores, thread: s.cpu.data.threads,
      speed: s.cpu.data.baseGHz === undefined ? undefined : Math.round(s.cpu.data.baseGHz * 1000), arch: glpiArch(s.os.data.arch),
    })] : undefined,
    memories: nonEmpty(s.memory.data.modules.map((m, i) => compact({
      caption: m.slot, capacity: mib(m.sizeBytes), type: m.type, speed: m.speedMTs === undefined ? undefined : `${m.speedMTs} MT/s`,
      manufacturer: m.manufacturer, model: m.partNumber, serialnumber: m.serial, numslots: i + 1, formfactor: m.formFactor,
    }))),
    storages: nonEmpty(s.disks.data.map((d) => compact({
      name: d.name, model: d.model, manufacturer: d.vendor, serial: d.serial, firmware: d.firmware, disksize: mb(d.sizeBytes),
      interface: d.interface, type: 'disk', description: d.kind === 'ssd' ? 'SSD' : d.kind === 'hdd' ? 'HDD' : undefined,
    }))),
    drives: nonEmpty(s.volumes.data.map((v) => compact({
      type: v.mount, volumn: v.device, filesystem: v.fs, total: mib(v.sizeBytes),
      free: v.sizeBytes === undefined || v.usedBytes === undefined ? undefined : mib(v.sizeBytes - v.usedBytes), label: v.label, serial: v.uuid,
      letter: /^[A-Z]:$/i.test(v.mount) ? v.mount : undefined,
      encrypt_status: v.encryption ? (v.encryption.encrypted ? 'Yes' : 'No') : undefined, encrypt_name: v.encryption?.method,
    }))),
    networks: nonEmpty(s.network.data.flatMap((n) => {
      const base = compact({
        description: n.name, mac: n.mac, status: n.state === 'up' ? 'up' : n.state === 'down' ? 'down' : 'unknown',
        type: n.loopback ? 'loopback' : n.wifi ? 'wifi' : 'ethernet', virtualdev: n.virtual ?? n.loopback,
        speed: n.speedMbps === undefined ? undefined : String(n.speedMbps), mtu: n.mtu,
      });
      // GLPI wants one entry per address, like its own agent sends.
      const v4 = n.ipv4.filter((a) => ipv4.test(a.address)).map((a) => compact({ ...base, ipaddress: a.address, ipmask: prefixToMask(a.prefix) }));
      const v6 = n.ipv6.map((a) => compact({ ...base, ipaddress6: a.address }));
      return v4.length + v6.length > 0 ? [...v4, ...v6] : [base];
    })),
    batteries: nonEmpty(s.battery.data.map((b) => compact({
      name: b.model, manufacturer: b.manufacturer, serial: b.serial, chemistry: b.chemistry,
      capacity: b.designCapacityMWh === undefined ? undefined : Math.round(b.designCapacityMWh),
      real_capacity: b.fullCapacityMWh === undefined ? undefined : Math.round(b.fullCapacityMWh),
    }))),
    videos: nonEmpty(s.graphics.data.gpus.map((g) => compact({ name: g.model, chipset: g.vendor, memory: g.vramMiB === undefined ? undefined : Math.round(g.vramMiB), pcislot: g.bus }))),
    monitors: nonEmpty(s.graphics.data.displays.map((d) => compact({ caption: d.model, name: d.model, manufacturer: d.vendor, serial: d.serial, port: d.connection }))),
    usbdevices: nonEmpty(s.usb.data.map((u) => compact({ name: u.name, caption: u.name, manufacturer: u.manufacturer, vendorid: u.vendorId, productid: u.productId, serial: u.serial }))),
    printers: nonEmpty(s.printers.data.map((p) => compact({ name: p.name, driver: p.model, port: p.uri, status: p.status, shared: p.shared, network: p.network }))),
  });
  // A switch or a printer goes out as GLPI's network inventory of it, not as a computer with empty sections.
  const device = snapshot.equipment && (snapshot.kind === 'network_equipment' || snapshot.kind === 'printer');
  const document: GlpiDocument = device && snapshot.equipment
    ? { deviceid: `${name}-${stamp}`, action: 'netinventory', itemtype: glpiItemtype(snapshot.kind), content: { versionclient: content.versionclient, ...equipmentContent(snapshot.kind ?? 'network_equipment', snapshot.equipment) } }
    : { deviceid: `${name}-${stamp}`, action: 'inventory', itemtype: glpiItemtype(snapshot.kind), content };
  await assertValidGlpi(document, 'GLPI export');
  return document;
}

function prefixToMask(prefix: number | undefined): string | undefined {
  if (prefix === undefined || prefix > 32) return undefined;
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (bits >>> shift) & 255).join('.');
}
