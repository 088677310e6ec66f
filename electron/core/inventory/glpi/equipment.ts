import { compact, int, num, positive, text, type EquipmentInfo, type EquipmentPort, type InventoryKind } from '../../../../shared/inventory';

type Row = Record<string, unknown>;

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter(isRow) : isRow(v) ? [v] : []);
const texts = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(text).filter((s): s is string => s !== undefined);

/**
 * The kind of item a GLPI document describes: its `itemtype` first, else what the device says it is
 * (`network_device.type`). A document that says neither is a computer, as GLPI takes it.
 */
export function glpiKind(itemtype: unknown, deviceType: unknown): InventoryKind {
  const word = String(itemtype ?? '').toLowerCase();
  if (word === 'phone') return 'phone';
  if (word === 'printer') return 'printer';
  if (word === 'networkequipment') return 'network_equipment';
  if (word === 'computer') return 'computer';
  // `Unmanaged` or no itemtype at all.
  return deviceType === undefined ? 'computer' : kindOfDevice(deviceType);
}

function kindOfDevice(type: unknown): InventoryKind {
  const word = String(type).toLowerCase();
  if (word === 'printer') return 'printer';
  if (word === 'phone') return 'phone';
  if (word === 'computer') return 'computer';
  // Networking, Storage, Power, Video, KVM: devices inventoried over SNMP, kept as network equipment.
  return 'network_equipment';
}

/** IF-MIB ifOperStatus: 1 up, 2 down, anything else (testing, dormant, ...) is neither. */
function portState(status: unknown): EquipmentPort['state'] {
  const n = int(status);
  if (n === undefined) return undefined;
  return n === 1 ? 'up' : n === 2 ? 'down' : 'unknown';
}

function port(p: Row, index: number): EquipmentPort {
  const speed = positive(p.ifspeed);
  return compact({
    number: int(p.ifnumber),
    name: text(p.ifname) ?? text(p.ifdescr) ?? `#${int(p.ifnumber) ?? index + 1}`,
    description: text(p.ifdescr),
    alias: text(p.ifalias),
    mac: text(p.mac)?.toLowerCase(),
    // SNMP gives bits per second.
    speedMbps: speed === undefined ? undefined : speed / 1_000_000,
    state: portState(p.ifstatus),
    ifType: int(p.iftype),
    mtu: int(p.ifmtu),
    ips: texts(isRow(p.ips) ? p.ips.ip : p.ips).concat(p.ips === undefined ? texts(p.ip) : []),
  });
}

/** A level as the device wrote it: `0` is a level here, not an unknown. */
const level = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined);

/** GLPI lists cartridges as `{name, value}` pairs or as `{tonerblack: "71"}` objects; both read the same. */
function cartridges(value: unknown): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const r of rows(value)) {
    if (typeof r.name === 'string' && r.value !== undefined) {
      const v = level(r.value);
      if (v) out[r.name] = v;
    } else {
      for (const [k, v] of Object.entries(r)) {
        const t = level(v);
        if (t) out[k] = t;
      }
    }
  }
  return Object.keys(out).length ? out : undefined;
}

function counters(value: unknown): Record<string, number> | undefined {
  if (!isRow(value)) return undefined;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) {
    const n = num(v);
    if (n !== undefined) out[k] = n;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The device part of a network inventory (`network_device`, `network_ports`, `firmwares`, `cartridges`,
 * `pagecounters`); undefined when the document has no `network_device`.
 */
export function equipmentOf(content: Row): EquipmentInfo | undefined {
  const d = content.network_device;
  if (!isRow(d)) return undefined;
  const memory = positive(d.memory) ?? positive(d.ram);
  const firmwares = rows(content.firmwares).flatMap((f) => {
    const name = text(f.name);
    return name ? [compact({ name, version: text(f.version), manufacturer: text(f.manufacturer), type: text(f.type) })] : [];
  });
  return compact({
    type: text(d.type),
    name: text(d.name),
    manufacturer: text(d.manufacturer),
    model: text(d.model),
    serial: text(d.serial),
    // Some devices (NAS, printers) name their firmware only in the firmwares list.
    firmware: text(d.firmware) ?? firmwares[0]?.version,
    mac: text(d.mac)?.toLowerCase(),
    ips: texts(isRow(d.ips) ? d.ips.ip : d.ips),
    location: text(d.location),
    contact: text(d.contact),
    uptime: text(d.uptime),
    memoryMiB: memory,
    // The agent's XML calls the system description `COMMENTS`.
    description: text(d.description) ?? text(d.comments),
    ports: rows(content.network_ports).map(port),
    firmwares,
    pageCounters: counters(content.pagecounters),
    cartridges: cartridges(content.cartridges),
  });
}

/** A phone's identity, from the computer-like sections an agent on the phone sends. */
export function phoneEquipment(content: Row): EquipmentInfo | undefined {
  const hw = isRow(content.hardware) ? content.hardware : {};
  const bios = isRow(content.bios) ? content.bios : {};
  const os = isRow(content.operatingsystem) ? content.operatingsystem : {};
  const info = compact({
    type: 'Phone',
    name: text(hw.name),
    manufacturer: text(bios.smanufacturer) ?? text(bios.mmanufacturer),
    model: text(bios.smodel) ?? text(bios.mmodel),
    serial: text(bios.ssn) ?? text(bios.msn),
    firmware: [text(os.name), text(os.version)].filter(Boolean).join(' ') || undefined,
    ips: [],
    ports: [],
    firmwares: [],
  });
  return info;
}
