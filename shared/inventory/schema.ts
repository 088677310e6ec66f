import { z } from 'zod';

/** Bump when a stored snapshot's shape changes incompatibly. */
export const INVENTORY_SCHEMA_VERSION = 1;

const Text = z.string().min(1).max(2000);
const Count = z.number().int().nonnegative();
const Bytes = z.number().nonnegative();

export const Collector = z.enum(['local-systeminformation', 'remote-linux', 'remote-windows', 'remote-macos', 'glpi-import']);
export type Collector = z.infer<typeof Collector>;

export const SectionStatus = z.enum(['ok', 'partial', 'empty', 'failed', 'skipped']);
export type SectionStatus = z.infer<typeof SectionStatus>;

/** Why a section is empty, partial or failed. `code` is stable (translated by the UI), `message` is English. */
export const ReasonCode = z.enum([
  'no_dmi', // firmware tables absent (virtual machine, container)
  'needs_root', // the tool exists but needs elevated rights
  'not_installed', // the tool is missing
  'not_present', // the hardware is not there (no battery, no GPU)
  'timed_out',
  'cancelled',
  'failed',
  'unsupported', // this collector cannot read it on this OS
  'not_in_source', // an import whose source has no such data
]);
export type ReasonCode = z.infer<typeof ReasonCode>;

export const SectionReason = z.object({
  code: ReasonCode,
  message: Text,
  tool: Text.optional(),
  ms: Count.optional(),
});
export type SectionReason = z.infer<typeof SectionReason>;

export const SectionMeta = z.object({
  /** What produced it: `si.cpu`, `/proc/cpuinfo`, `Win32_Processor`, `SPHardwareDataType`, ... */
  source: Text,
  durationMs: z.number().nonnegative(),
  status: SectionStatus,
  reason: SectionReason.optional(),
});
export type SectionMeta = z.infer<typeof SectionMeta>;

export const SystemInfo = z.object({
  manufacturer: Text.optional(),
  model: Text.optional(),
  serial: Text.optional(),
  uuid: Text.optional(),
  sku: Text.optional(),
  chassis: Text.optional(),
  virtual: z.boolean().optional(),
});
export const BiosInfo = z.object({
  vendor: Text.optional(),
  version: Text.optional(),
  releaseDate: Text.optional(),
  firmware: z.enum(['uefi', 'bios']).optional(),
  secureBoot: z.boolean().optional(),
});
export const BoardInfo = z.object({
  manufacturer: Text.optional(),
  model: Text.optional(),
  version: Text.optional(),
  serial: Text.optional(),
  assetTag: Text.optional(),
});
export const CpuInfo = z.object({
  manufacturer: Text.optional(),
  model: Text.optional(),
  sockets: Count.optional(),
  cores: Count.optional(),
  threads: Count.optional(),
  baseGHz: z.number().nonnegative().optional(),
  minGHz: z.number().nonnegative().optional(),
  maxGHz: z.number().nonnegative().optional(),
  /** Only the flags a technician asks about (see CPU_FLAGS_OF_INTEREST). */
  flags: z.array(Text),
  virtualization: z.boolean().optional(),
});
export const MemoryModule = z.object({
  slot: Text.optional(),
  sizeBytes: Bytes.optional(),
  type: Text.optional(),
  speedMTs: z.number().nonnegative().optional(),
  manufacturer: Text.optional(),
  partNumber: Text.optional(),
  serial: Text.optional(),
  formFactor: Text.optional(),
});
export const MemoryInfo = z.object({
  totalBytes: Bytes.optional(),
  swapBytes: Bytes.optional(),
  modules: z.array(MemoryModule),
});
export const SmartInfo = z.object({
  health: z.enum(['passed', 'failing', 'unknown']),
  temperatureC: z.number().optional(),
  powerOnHours: Count.optional(),
  reallocatedSectors: Count.optional(),
  pendingSectors: Count.optional(),
  percentUsed: z.number().nonnegative().optional(),
  mediaErrors: Count.optional(),
});
export const Disk = z.object({
  name: Text.optional(),
  model: Text.optional(),
  vendor: Text.optional(),
  serial: Text.optional(),
  firmware: Text.optional(),
  sizeBytes: Bytes.optional(),
  interface: Text.optional(),
  kind: z.enum(['ssd', 'hdd', 'unknown']).optional(),
  removable: z.boolean().optional(),
  smart: SmartInfo.optional(),
});
export const Volume = z.object({
  mount: Text,
  device: Text.optional(),
  fs: Text.optional(),
  sizeBytes: Bytes.optional(),
  usedBytes: Bytes.optional(),
  label: Text.optional(),
  uuid: Text.optional(),
  encryption: z.object({ encrypted: z.boolean(), method: Text.optional() }).optional(),
});
export const IpAddress = z.object({ address: Text, prefix: z.number().int().min(0).max(128).optional() });
export const NetworkInterface = z.object({
  name: Text,
  mac: Text.optional(),
  ipv4: z.array(IpAddress),
  ipv6: z.array(IpAddress),
  speedMbps: z.number().nonnegative().optional(),
  state: z.enum(['up', 'down', 'unknown']).optional(),
  wifi: z.boolean().optional(),
  virtual: z.boolean().optional(),
  loopback: z.boolean().optional(),
  mtu: Count.optional(),
});
export const OsInfo = z.object({
  family: z.enum(['linux', 'windows', 'macos', 'other']).optional(),
  distribution: Text.optional(),
  version: Text.optional(),
  codename: Text.optional(),
  kernel: Text.optional(),
  arch: Text.optional(),
  hostname: Text.optional(),
  uptimeSeconds: z.number().nonnegative().optional(),
  lastBoot: Text.optional(),
  timezone: Text.optional(),
});
export const Battery = z.object({
  model: Text.optional(),
  manufacturer: Text.optional(),
  serial: Text.optional(),
  chemistry: Text.optional(),
  designCapacityMWh: z.number().nonnegative().optional(),
  fullCapacityMWh: z.number().nonnegative().optional(),
  /** 100 * (1 - full / design), clamped to 0..100. */
  wearPercent: z.number().min(0).max(100).optional(),
  cycles: Count.optional(),
  percent: z.number().min(0).max(100).optional(),
  charging: z.boolean().optional(),
});
export const Gpu = z.object({
  vendor: Text.optional(),
  model: Text.optional(),
  vramMiB: z.number().nonnegative().optional(),
  bus: Text.optional(),
  driverVersion: Text.optional(),
});
export const Display = z.object({
  vendor: Text.optional(),
  model: Text.optional(),
  serial: Text.optional(),
  connection: Text.optional(),
  resolutionX: Count.optional(),
  resolutionY: Count.optional(),
  main: z.boolean().optional(),
});
export const GraphicsInfo = z.object({ gpus: z.array(Gpu), displays: z.array(Display) });
export const UsbDevice = z.object({
  name: Text.optional(),
  manufacturer: Text.optional(),
  vendorId: Text.optional(),
  productId: Text.optional(),
  serial: Text.optional(),
  type: Text.optional(),
  bus: Text.optional(),
});
export const Printer = z.object({
  name: Text,
  model: Text.optional(),
  uri: Text.optional(),
  status: Text.optional(),
  isDefault: z.boolean().optional(),
  shared: z.boolean().optional(),
  network: z.boolean().optional(),
});
export const SensorsInfo = z.object({
  cpuTemperatureC: z.number().optional(),
  cpuCurrentGHz: z.number().nonnegative().optional(),
});

const section = <T extends z.ZodType>(data: T) => z.object({ meta: SectionMeta, data });

export const Sections = z.object({
  system: section(SystemInfo),
  bios: section(BiosInfo),
  board: section(BoardInfo),
  cpu: section(CpuInfo),
  memory: section(MemoryInfo),
  disks: section(z.array(Disk)),
  volumes: section(z.array(Volume)),
  network: section(z.array(NetworkInterface)),
  os: section(OsInfo),
  battery: section(z.array(Battery)),
  graphics: section(GraphicsInfo),
  usb: section(z.array(UsbDevice)),
  printers: section(z.array(Printer)),
  sensors: section(SensorsInfo),
});
export type Sections = z.infer<typeof Sections>;
export type SectionName = keyof Sections;
export const SECTION_NAMES = Object.keys(Sections.shape) as SectionName[];
export type SectionData<N extends SectionName> = Sections[N]['data'];

/** True when a section's data carries nothing a person could read. */
export function isEmptyData(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value).every(isEmptyData);
  return false;
}

/** What was inventoried; absent means a computer (every snapshot taken before GLPI imports kept kinds). */
export const InventoryKind = z.enum(['computer', 'network_equipment', 'printer', 'phone']);
export type InventoryKind = z.infer<typeof InventoryKind>;

export const EquipmentPort = z.object({
  number: z.number().int().nonnegative().optional(),
  name: Text,
  description: Text.optional(),
  alias: Text.optional(),
  mac: Text.optional(),
  speedMbps: z.number().nonnegative().optional(),
  state: z.enum(['up', 'down', 'unknown']).optional(),
  /** IANA ifType number, as SNMP gives it. */
  ifType: Count.optional(),
  mtu: Count.optional(),
  ips: z.array(Text),
});
export const EquipmentFirmware = z.object({ name: Text, version: Text.optional(), manufacturer: Text.optional(), type: Text.optional() });

/** What an SNMP-inventoried device (switch, printer, ...) or a phone says of itself. */
export const EquipmentInfo = z.object({
  /** The source's own word for it: `Networking`, `Printer`, `Storage`, `Phone`... */
  type: Text.optional(),
  name: Text.optional(),
  manufacturer: Text.optional(),
  model: Text.optional(),
  serial: Text.optional(),
  firmware: Text.optional(),
  mac: Text.optional(),
  ips: z.array(Text),
  location: Text.optional(),
  contact: Text.optional(),
  uptime: Text.optional(),
  memoryMiB: z.number().nonnegative().optional(),
  description: Text.optional(),
  ports: z.array(EquipmentPort),
  firmwares: z.array(EquipmentFirmware),
  /** Printers: page counters (`total`, `color`, ...) and consumables levels as the device reports them. */
  pageCounters: z.record(z.string(), z.number().nonnegative()).optional(),
  cartridges: z.record(z.string(), Text).optional(),
});
export type EquipmentInfo = z.infer<typeof EquipmentInfo>;
export type EquipmentPort = z.infer<typeof EquipmentPort>;

export const InventorySnapshot = z
  .object({
    schemaVersion: z.literal(INVENTORY_SCHEMA_VERSION),
    id: Text,
    /** Local machine id, or the host's name for a remote machine. */
    machineKey: Text,
    takenAt: z.iso.datetime({ offset: true }),
    takenBy: Text,
    collector: Collector,
    /** The host name as the technician knows it (remote collections). */
    host: Text.optional(),
    durationMs: z.number().nonnegative(),
    sections: Sections,
    kind: InventoryKind.optional(),
    equipment: EquipmentInfo.optional(),
    /** The source's stable id of the device (a GLPI agent's deviceid without its date), to find it again. */
    sourceId: Text.optional(),
  })
  .superRefine((snapshot, ctx) => {
    // The rule of the feature: never a silent empty section.
    for (const name of SECTION_NAMES) {
      const { meta, data } = snapshot.sections[name];
      if (meta.status !== 'ok' && !meta.reason) {
        ctx.addIssue({ code: 'custom', path: ['sections', name, 'meta', 'reason'], message: `section "${name}" is ${meta.status} without a reason` });
      }
      if (meta.status === 'ok' && isEmptyData(data)) {
        ctx.addIssue({ code: 'custom', path: ['sections', name, 'meta', 'status'], message: `section "${name}" is empty but marked ok: say why` });
      }
    }
  });
export type InventorySnapshot = z.infer<typeof InventorySnapshot>;

export const SnapshotSummary = z.object({
  id: Text,
  machineKey: Text,
  host: Text.optional(),
  takenAt: Text,
  takenBy: Text,
  collector: Collector,
  kind: InventoryKind.optional(),
});
export type SnapshotSummary = z.infer<typeof SnapshotSummary>;

export type SystemInfo = z.infer<typeof SystemInfo>;
export type BiosInfo = z.infer<typeof BiosInfo>;
export type BoardInfo = z.infer<typeof BoardInfo>;
export type CpuInfo = z.infer<typeof CpuInfo>;
export type MemoryInfo = z.infer<typeof MemoryInfo>;
export type MemoryModule = z.infer<typeof MemoryModule>;
export type Disk = z.infer<typeof Disk>;
export type SmartInfo = z.infer<typeof SmartInfo>;
export type Volume = z.infer<typeof Volume>;
export type NetworkInterface = z.infer<typeof NetworkInterface>;
export type OsInfo = z.infer<typeof OsInfo>;
export type Battery = z.infer<typeof Battery>;
export type GraphicsInfo = z.infer<typeof GraphicsInfo>;
export type UsbDevice = z.infer<typeof UsbDevice>;
export type Printer = z.infer<typeof Printer>;
export type SensorsInfo = z.infer<typeof SensorsInfo>;
