import { randomUUID } from 'node:crypto';
import { AtelierError } from '../../../../shared/contract/errors';
import {
  INVENTORY_SCHEMA_VERSION, SECTION_NAMES, compact, int, num, positive, reason, sectionMeta, text, wearPercent,
  type InventorySnapshot, type SectionName, type Sections,
} from '../../../../shared/inventory';
import { parseOrThrowSnapshot } from '../snapshot';
import { equipmentOf, glpiKind, phoneEquipment } from './equipment';
import { validateGlpi } from './validate';
import { glpiXmlToDocument } from './xml';

type Row = Record<string, unknown>;
const MIB = 2 ** 20;

/** The GLPI keys a section is read from; a partial inventory replaces a section only when it carries them. */
const PRIMARY: { [N in SectionName]: string[] } = {
  system: ['bios'], bios: ['bios'], board: ['bios'], cpu: ['cpus'], memory: ['memories'], disks: ['storages'], volumes: ['drives'],
  network: ['networks'], os: ['operatingsystem'], battery: ['batteries'], graphics: ['videos', 'monitors'], usb: ['usbdevices'],
  printers: ['printers'], sensors: [],
};

const KIND_WORDS = { computer: 'computer', network_equipment: 'network device', printer: 'printer', phone: 'phone' } as const;

export interface GlpiImport {
  snapshot: InventorySnapshot;
  /** Set for a partial inventory (`"partial": true`): the sections it carries, the only ones it updates. */
  partial?: SectionName[];
}

export interface GlpiOptions {
  takenBy?: string;
  /** False for documents read from XML, which GLPI's JSON schema does not describe (the mapper still checks every value). */
  schema?: boolean;
}

/** A GLPI inventory file's text: the native JSON, or the agent's XML. Errors name the line and the reason. */
export async function readGlpiText(source: string, options: GlpiOptions = {}): Promise<GlpiImport> {
  const body = source.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('<')) return readGlpi(glpiXmlToDocument(body), { ...options, schema: false });
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    const before = at ? body.slice(0, Number(at[1])).split('\n') : undefined;
    const where = before ? `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}` : 'JSON';
    throw new AtelierError('invalid_input', `GLPI import ${where}: neither GLPI JSON nor XML (${(error as Error).message})`, where);
  }
  return readGlpi(document, options);
}

/** The GLPI `deviceid` without the date the agent appends (`name-2024-01-31-10-00-00`): stable across runs. */
export function deviceBase(deviceid: string): string {
  return deviceid.replace(/-\d{4}(?:-\d{2}){5}$/, '');
}

/** Kept for callers that want the snapshot alone. */
export async function fromGlpi(document: unknown, options: GlpiOptions = {}): Promise<InventorySnapshot> {
  return (await readGlpi(document, options)).snapshot;
}

/**
 * A GLPI native inventory document mapped into our schema (what maps; the rest of GLPI's data, such
 * as software or users, has no place in a hardware snapshot). Sections GLPI did not carry are
 * `skipped` with reason `not_in_source`. The item type is kept: network equipment and printers carry
 * their model, serial, firmware and ports in `equipment`.
 */
export async function readGlpi(document: unknown, options: GlpiOptions = {}): Promise<GlpiImport> {
  if (options.schema !== false) {
    const check = await validateGlpi(document);
    if (!check.valid) throw new AtelierError('invalid_input', `GLPI import: not a valid GLPI inventory: ${check.errors.slice(0, 5).join('; ')}`);
  }
  const doc = document as { deviceid: string; content: Row; itemtype?: string; partial?: boolean };
  const c = doc.content;
  const device = typeof c.network_device === 'object' && c.network_device !== null ? (c.network_device as Row) : undefined;
  const kind = glpiKind(doc.itemtype, device?.type);
  const equipment = equipmentOf(c) ?? (kind === 'phone' ? phoneEquipment(c) : undefined);
  const obj = (k: string): Row | undefined => (typeof c[k] === 'object' && c[k] !== null && !Array.isArray(c[k]) ? (c[k] as Row) : undefined);
  const arr = (k: string): Row[] | undefined => (Array.isArray(c[k]) ? (c[k] as Row[]) : undefined);
  const hw = obj('hardware') ?? {};
  const bios = obj('bios');
  const osd = obj('operatingsystem');
  const mib = (v: unknown) => { const n = positive(v); return n === undefined ? undefined : n * MIB; };
  const mb = (v: unknown) => { const n = positive(v); return n === undefined ? undefined : n * 1_000_000; };

  const missing = (what: string) => reason('not_in_source', kind === 'computer' ? `the GLPI document has no ${what}` : `a ${KIND_WORDS[kind]} inventory has no ${what}`);
  type Built = { data: unknown; present: boolean; what: string };
  const built: { [N in SectionName]: Built } = {
    system: {
      present: Boolean(bios || hw.uuid), what: 'bios/hardware identity',
      data: compact({ manufacturer: text(bios?.smanufacturer), model: text(bios?.smodel), serial: text(bios?.ssn), uuid: text(hw.uuid)?.toLowerCase(), sku: text(bios?.skunumber), chassis: text(hw.chassis_type), virtual: hw.vmsystem && hw.vmsystem !== 'Physical' ? true : undefined }),
    },
    bios: {
      present: Boolean(bios), what: 'bios',
      data: compact({ vendor: text(bios?.bmanufacturer), version: text(bios?.bversion), releaseDate: text(bios?.bdate), secureBoot: bios?.secure_boot === 'enabled' ? true : bios?.secure_boot === 'disabled' ? false : undefined }),
    },
    board: { present: Boolean(bios), what: 'bios (board fields)', data: compact({ manufacturer: text(bios?.mmanufacturer), model: text(bios?.mmodel), serial: text(bios?.msn), assetTag: text(bios?.assettag) }) },
    cpu: (() => {
      const cpus = arr('cpus') ?? [];
      const first = cpus[0] ?? {};
      const sum = (k: string) => cpus.reduce((s, r) => s + (num(r[k]) ?? 0), 0) || undefined;
      const speed = positive(first.speed);
      return {
        present: cpus.length > 0, what: 'cpus',
        data: { ...compact({ manufacturer: text(first.manufacturer), model: text(first.name), sockets: cpus.length || undefined, cores: sum('core'), threads: sum('thread'), baseGHz: speed === undefined ? undefined : speed / 1000 }), flags: [] as string[] },
      };
    })(),
    memory: {
      present: hw.memory !== undefined || Boolean(arr('memories')), what: 'memory',
      data: {
        ...compact({ totalBytes: mib(hw.memory), swapBytes: mib(hw.swap) }),
        modules: (arr('memories') ?? []).filter((m) => positive(m.capacity)).map((m) => compact({
          slot: text(m.caption), sizeBytes: mib(m.capacity), type: text(m.type), speedMTs: positive(/(\d+)/.exec(String(m.speed ?? ''))?.[1]),
          manufacturer: text(m.manufacturer), partNumber: text(m.model), serial: text(m.serialnumber), formFactor: text(m.formfactor),
        })),
      },
    },
    disks: {
      present: Boolean(arr('storages')), what: 'storages',
      data: (arr('storages') ?? []).filter((d) => !d.type || String(d.type).toLowerCase() === 'disk').map((d) => compact({
        name: text(d.name), model: text(d.model), vendor: text(d.manufacturer), serial: text(d.serial), firmware: text(d.firmware), sizeBytes: mb(d.disksize),
        interface: text(d.interface) ?? text(d.description), kind: /ssd|nvme/i.test(`${d.description} ${d.model}`) ? 'ssd' as const : /hdd/i.test(String(d.description)) ? 'hdd' as const : undefined,
      })),
    },
    volumes: {
      present: Boolean(arr('drives')), what: 'drives',
      data: (arr('drives') ?? []).filter((v) => text(v.type) ?? text(v.letter)).map((v) => {
        const total = mib(v.total);
        const free = num(v.free);
        return compact({
          mount: (text(v.type) ?? text(v.letter)) as string, device: text(v.volumn), fs: text(v.filesystem), sizeBytes: total,
          usedBytes: total !== undefined && free !== undefined ? Math.max(0, total - free * MIB) : undefined, label: text(v.label), uuid: text(v.serial),
          encryption: v.encrypt_status ? { encrypted: v.encrypt_status === 'Yes' || v.encrypt_status === 'Partially', ...(text(v.encrypt_name) ? { method: text(v.encrypt_name) } : {}) } : undefined,
        });
      }),
    },
    network: { present: Boolean(arr('networks')), what: 'networks', data: mergeNetworks(arr('networks') ?? []) },
    os: {
      present: Boolean(osd || hw.name), what: 'operatingsystem',
      data: compact({
        family: /win/i.test(String(osd?.kernel_name)) ? 'windows' as const : /darwin/i.test(String(osd?.kernel_name)) ? 'macos' as const : /linux/i.test(String(osd?.kernel_name)) ? 'linux' as const : undefined,
        distribution: text(osd?.name), version: text(osd?.version), kernel: text(osd?.kernel_version), arch: text(osd?.arch),
        hostname: text(hw.name) ?? text(osd?.fqdn), lastBoot: glpiToIso(osd?.boot_time), timezone: text((osd?.timezone as Row | undefined)?.name),
      }),
    },
    battery: {
      present: Boolean(arr('batteries')), what: 'batteries',
      data: (arr('batteries') ?? []).map((b) => {
        const design = positive(b.capacity);
        const full = positive(b.real_capacity);
        return compact({ model: text(b.name), manufacturer: text(b.manufacturer), serial: text(b.serial), chemistry: text(b.chemistry), designCapacityMWh: design, fullCapacityMWh: full, wearPercent: wearPercent(design, full) });
      }),
    },
    graphics: {
      present: Boolean(arr('videos') || arr('monitors')), what: 'videos/monitors',
      data: {
        gpus: (arr('videos') ?? []).map((g) => compact({ model: text(g.name), vendor: text(g.chipset), vramMiB: positive(g.memory), bus: text(g.pcislot) })),
        displays: (arr('monitors') ?? []).map((m) => compact({ model: text(m.caption) ?? text(m.name), vendor: text(m.manufacturer), serial: text(m.serial), connection: text(m.port) })),
      },
    },
    usb: {
      present: Boolean(arr('usbdevices')), what: 'usbdevices',
      data: (arr('usbdevices') ?? []).map((u) => compact({ name: text(u.name) ?? text(u.caption), manufacturer: text(u.manufacturer), vendorId: text(u.vendorid)?.toLowerCase(), productId: text(u.productid)?.toLowerCase(), serial: text(u.serial) })),
    },
    printers: {
      present: Boolean(arr('printers')), what: 'printers',
      data: (arr('printers') ?? []).filter((p) => text(p.name)).map((p) => compact({ name: String(p.name), model: text(p.driver), uri: text(p.port), status: text(p.status), shared: typeof p.shared === 'boolean' ? p.shared : undefined, network: typeof p.network === 'boolean' ? p.network : undefined })),
    },
    sensors: { present: false, what: 'sensors', data: {} },
  };
  const sections = Object.fromEntries(
    Object.entries(built).map(([name, b]) => {
      const meta = b.present
        ? sectionMeta(`glpi:${name}`, 0, b.data, reason('not_in_source', `the GLPI ${b.what} entry is empty`))
        : { source: 'glpi', durationMs: 0, status: 'skipped' as const, reason: missing(b.what) };
      return [name, { meta, data: b.data }];
    }),
  ) as Sections;
  const base = deviceBase(doc.deviceid);
  const machineKey = kind === 'computer' || kind === 'phone'
    ? text(hw.uuid)?.toLowerCase() ?? text(hw.name) ?? base
    : text(equipment?.serial) ?? text(equipment?.mac) ?? text(equipment?.name) ?? base;
  const stamp = /-(\d{4})-(\d{2})-(\d{2})-(\d{2})-(\d{2})-(\d{2})$/.exec(doc.deviceid);
  const takenAt = stamp ? `${stamp[1]}-${stamp[2]}-${stamp[3]}T${stamp[4]}:${stamp[5]}:${stamp[6]}Z` : new Date().toISOString();
  const snapshot = parseOrThrowSnapshot(
    {
      schemaVersion: INVENTORY_SCHEMA_VERSION, id: randomUUID(),
      machineKey, host: text(hw.name) ?? equipment?.name,
      takenAt: Number.isFinite(Date.parse(takenAt)) ? takenAt : new Date().toISOString(), takenBy: options.takenBy ?? `glpi:${doc.deviceid}`,
      collector: 'glpi-import', durationMs: 0, sections, sourceId: base,
      ...(kind === 'computer' ? {} : { kind }), ...(equipment ? { equipment } : {}),
    },
    'GLPI import',
  );
  if (doc.partial !== true) return { snapshot };
  return { snapshot, partial: SECTION_NAMES.filter((name) => PRIMARY[name].some((key) => c[key] !== undefined)) };
}

/** GLPI lists one entry per address; we keep one interface with all its addresses. */
function mergeNetworks(rows: Row[]) {
  const byName = new Map<string, { name: string; mac?: string; ipv4: { address: string }[]; ipv6: { address: string }[]; state?: 'up' | 'down' | 'unknown'; wifi?: boolean; virtual?: boolean; loopback?: boolean; speedMbps?: number; mtu?: number }>();
  for (const r of rows) {
    const name = String(r.description);
    const status = typeof r.status === 'string' ? r.status.toLowerCase() : undefined;
    const entry = byName.get(name) ?? compact({
      // The agent's XML writes `macaddr`, `Up` and `1` where the JSON has `mac`, `up` and `true`.
      name, mac: (text(r.mac) ?? text(r.macaddr))?.toLowerCase(), ipv4: [], ipv6: [], state: status === 'up' ? 'up' as const : status === 'down' ? 'down' as const : status ? 'unknown' as const : undefined,
      wifi: r.type === 'wifi' || undefined, virtual: (r.virtualdev === true || r.virtualdev === '1') && r.type !== 'loopback' ? true : undefined, loopback: r.type === 'loopback' || undefined,
      speedMbps: positive(r.speed), mtu: int(r.mtu),
    });
    if (text(r.ipaddress)) entry.ipv4.push({ address: String(r.ipaddress) });
    if (text(r.ipaddress6)) entry.ipv6.push({ address: String(r.ipaddress6) });
    byName.set(name, entry);
  }
  return [...byName.values()];
}

function glpiToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const t = Date.parse(value.replace(' ', 'T') + (/[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? '' : 'Z'));
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

