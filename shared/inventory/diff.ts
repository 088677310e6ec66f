import type { InventorySnapshot, SectionName } from './schema';

/** A diff's sections: the snapshot's, plus `equipment` for devices inventoried over SNMP. */
export type DiffSection = SectionName | 'equipment';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ComponentChange {
  section: DiffSection;
  /** `graphics.gpus` / `graphics.displays` / `memory.modules` when the list lives inside a section. */
  list?: string;
  kind: 'added' | 'removed' | 'changed';
  /** The identity used to match components: `serial:S123`, `slot:DIMM0`, `mac:aa:bb:..`, `mount:/home`. */
  key: string;
  label: string;
  fields?: FieldChange[];
}

export interface InventoryDiff {
  from: string;
  to: string;
  changes: ComponentChange[];
  /** Sections that could not be compared because one side failed or was skipped. */
  notCompared: { section: SectionName; why: string }[];
}

export interface DiffOptions {
  /** Also report values that move on their own (uptime, used space, temperatures, charge). */
  includeVolatile?: boolean;
}

/** Fields that change between two visits without anyone touching the machine. */
const VOLATILE = new Set([
  'uptimeSeconds', 'lastBoot', 'usedBytes', 'temperatureC', 'powerOnHours', 'percent', 'charging', 'cpuTemperatureC',
  'cpuCurrentGHz', 'percentUsed', 'uptime', 'pageCounters', 'cartridges',
]);

type Item = Record<string, unknown>;
interface ListSpec {
  section: DiffSection;
  list?: string;
  items: (s: InventorySnapshot) => Item[];
  identity: (item: Item, index: number) => string;
  label: (item: Item) => string;
}

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
const realMac = (v: unknown) => {
  const mac = str(v)?.toLowerCase();
  return mac && !/^(00[:-]){5}00$/.test(mac) ? mac : undefined;
};

const LISTS: ListSpec[] = [
  {
    section: 'memory', list: 'memory.modules', items: (s) => s.sections.memory.data.modules,
    identity: (m, i) => (str(m.slot) ? `slot:${m.slot}` : str(m.serial) ? `serial:${m.serial}` : `index:${i}`),
    label: (m) => [m.slot, m.type, m.partNumber].filter(Boolean).join(' ') || 'memory module',
  },
  {
    section: 'disks', items: (s) => s.sections.disks.data,
    identity: (d, i) => (str(d.serial) ? `serial:${d.serial}` : str(d.name) ? `name:${d.name}` : `index:${i}`),
    label: (d) => [d.model ?? d.name, d.serial].filter(Boolean).join(' ') || 'disk',
  },
  { section: 'volumes', items: (s) => s.sections.volumes.data, identity: (v) => `mount:${v.mount}`, label: (v) => String(v.mount) },
  {
    section: 'network', items: (s) => s.sections.network.data,
    identity: (n) => (realMac(n.mac) ? `mac:${realMac(n.mac)}` : `name:${n.name}`),
    label: (n) => [n.name, n.mac].filter(Boolean).join(' '),
  },
  {
    section: 'battery', items: (s) => s.sections.battery.data,
    identity: (b, i) => (str(b.serial) ? `serial:${b.serial}` : str(b.model) ? `model:${b.model}` : `index:${i}`),
    label: (b) => String(b.model ?? b.serial ?? 'battery'),
  },
  {
    section: 'graphics', list: 'graphics.gpus', items: (s) => s.sections.graphics.data.gpus,
    identity: (g, i) => (str(g.bus) ? `bus:${g.bus}` : str(g.model) ? `model:${g.model}` : `index:${i}`),
    label: (g) => String(g.model ?? 'GPU'),
  },
  {
    section: 'graphics', list: 'graphics.displays', items: (s) => s.sections.graphics.data.displays,
    identity: (d, i) => (str(d.serial) ? `serial:${d.serial}` : str(d.connection) ? `port:${d.connection}` : `index:${i}`),
    label: (d) => String(d.model ?? d.connection ?? 'display'),
  },
  {
    section: 'usb', items: (s) => s.sections.usb.data,
    identity: (u, i) => (str(u.vendorId) && str(u.productId) ? `id:${u.vendorId}:${u.productId}:${u.serial ?? u.bus ?? ''}` : `name:${u.name ?? i}`),
    label: (u) => String(u.name ?? `${u.vendorId}:${u.productId}`),
  },
  { section: 'printers', items: (s) => s.sections.printers.data, identity: (p) => `name:${p.name}`, label: (p) => String(p.name) },
];

/** A device's ports and firmwares, compared like a computer's components. */
const EQUIPMENT_LISTS: ListSpec[] = [
  {
    section: 'equipment', list: 'equipment.ports', items: (s) => s.equipment?.ports ?? [],
    identity: (p) => (p.number !== undefined ? `port:${p.number}` : `name:${p.name}`), label: (p) => String(p.name),
  },
  { section: 'equipment', list: 'equipment.firmwares', items: (s) => s.equipment?.firmwares ?? [], identity: (f) => `name:${f.name}`, label: (f) => String(f.name) },
];

const SINGLES: SectionName[] = ['system', 'bios', 'board', 'cpu', 'os', 'sensors'];
const COMPARABLE = new Set(['ok', 'partial', 'empty']);

/** What changed between two snapshots of one machine, component by component. */
export function diffSnapshots(before: InventorySnapshot, after: InventorySnapshot, options: DiffOptions = {}): InventoryDiff {
  const changes: ComponentChange[] = [];
  const notCompared: InventoryDiff['notCompared'] = [];
  const skipped = new Set<SectionName>();
  for (const name of [...SINGLES, ...LISTS.map((l) => l.section as SectionName), 'memory' as const]) {
    if (skipped.has(name)) continue;
    const a = before.sections[name].meta;
    const b = after.sections[name].meta;
    if (!COMPARABLE.has(a.status) || !COMPARABLE.has(b.status)) {
      skipped.add(name);
      // Neither source has such data (a switch has no battery): nothing was lost, nothing to say.
      if (a.reason?.code === 'not_in_source' && b.reason?.code === 'not_in_source') continue;
      const side = !COMPARABLE.has(a.status) ? a : b;
      notCompared.push({ section: name, why: side.reason?.message ?? side.status });
    }
  }
  for (const name of SINGLES) {
    if (skipped.has(name)) continue;
    const fields = compareFields(before.sections[name].data as Item, after.sections[name].data as Item, options);
    if (fields.length > 0) changes.push({ section: name, kind: 'changed', key: name, label: name, fields });
  }
  if (!skipped.has('memory')) {
    const fields = compareFields(
      { totalBytes: before.sections.memory.data.totalBytes },
      { totalBytes: after.sections.memory.data.totalBytes },
      options,
    );
    if (fields.length > 0) changes.push({ section: 'memory', kind: 'changed', key: 'memory', label: 'memory', fields });
  }
  for (const spec of LISTS) {
    if (skipped.has(spec.section as SectionName)) continue;
    changes.push(...diffList(spec, spec.items(before), spec.items(after), options));
  }
  if (before.equipment || after.equipment) {
    const identity = ({ ports: _p, firmwares: _f, ...rest }: NonNullable<InventorySnapshot['equipment']>) => rest as Item;
    const fields = compareFields(before.equipment ? identity(before.equipment) : {}, after.equipment ? identity(after.equipment) : {}, options);
    if (fields.length > 0) changes.push({ section: 'equipment', kind: 'changed', key: 'equipment', label: after.equipment?.model ?? 'device', fields });
    for (const spec of EQUIPMENT_LISTS) changes.push(...diffList(spec, spec.items(before), spec.items(after), options));
  }
  return { from: before.id, to: after.id, changes, notCompared };
}

function diffList(spec: ListSpec, before: Item[], after: Item[], options: DiffOptions): ComponentChange[] {
  const index = (items: Item[]) => {
    const map = new Map<string, Item>();
    items.forEach((item, i) => {
      let key = spec.identity(item, i);
      // Two components with one identity (cloned serials happen): keep both apart.
      for (let n = 2; map.has(key); n++) key = `${spec.identity(item, i)}#${n}`;
      map.set(key, item);
    });
    return map;
  };
  const a = index(before);
  const b = index(after);
  const base = { section: spec.section, ...(spec.list ? { list: spec.list } : {}) };
  const out: ComponentChange[] = [];
  for (const [key, item] of a) {
    const other = b.get(key);
    if (!other) out.push({ ...base, kind: 'removed', key, label: spec.label(item) });
    else {
      const fields = compareFields(item, other, options);
      if (fields.length > 0) out.push({ ...base, kind: 'changed', key, label: spec.label(other), fields });
    }
  }
  for (const [key, item] of b) if (!a.has(key)) out.push({ ...base, kind: 'added', key, label: spec.label(item) });
  return out;
}

function compareFields(a: Item, b: Item, options: DiffOptions, prefix = ''): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!options.includeVolatile && VOLATILE.has(field)) continue;
    const x = a[field];
    const y = b[field];
    const path = prefix + field;
    if (isPlainObject(x) && isPlainObject(y)) out.push(...compareFields(x, y, options, `${path}.`));
    else if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ field: path, before: x, after: y });
  }
  return out;
}

function isPlainObject(v: unknown): v is Item {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
