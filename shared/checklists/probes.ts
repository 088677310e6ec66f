import { z } from 'zod';
import { hint } from '../validation/text';
import type { ReadingFields } from './fields';
import type { LocalizedText } from './text';

/**
 * The probe registry as data: name, typed arguments and the fields of the reading. Shared by the
 * validator (which checks args and rules) and the core (which runs the probes). Arguments end up in shell
 * commands on remote hosts, so each one is constrained here as tightly as its use allows.
 */
export interface ProbeDeclaration {
  readonly name: string;
  readonly title: LocalizedText;
  readonly args: z.ZodType<Record<string, unknown>>;
  readonly reading: ReadingFields;
  /** Default time limit; a run may pass its own. */
  readonly timeoutMs: number;
}

const hostName = z.string().regex(/^[A-Za-z0-9._:-]{1,253}$/, hint('hintHostName'));
const mountPath = z.string().regex(/^(\/[^\0\n'"]*|[A-Za-z]:\\?)$/, hint('hintMountPath'));
const devicePath = z.string().regex(/^\/dev\/[A-Za-z0-9/_-]{1,64}$/, hint('hintDevicePath'));
const unitName = z.string().regex(/^[A-Za-z0-9@._:-]{1,128}$/, hint('hintUnitName'));
const ifaceName = z.string().regex(/^[A-Za-z0-9._:-]{1,32}$/, hint('hintIfaceName'));
const sinceHours = z.number().positive().max(24 * 90);

const number = { type: 'number' } as const;
const string = { type: 'string' } as const;
const boolean = { type: 'boolean' } as const;
const list = { type: 'string[]' } as const;
const pct = { type: 'number', unit: '%' } as const;

function declare(d: Omit<ProbeDeclaration, 'args' | 'timeoutMs'> & { args: z.ZodObject; timeoutMs?: number }): ProbeDeclaration {
  return { ...d, args: d.args.strict() as unknown as z.ZodType<Record<string, unknown>>, timeoutMs: d.timeoutMs ?? 15_000 };
}

const declarations: ProbeDeclaration[] = [
  declare({
    name: 'disk.smart',
    title: { fr: 'Santé SMART des disques', en: 'Disk SMART health' },
    args: z.object({ device: devicePath.optional() }),
    reading: {
      devices_checked: number,
      passed: boolean,
      failing_devices: list,
      reallocated_sectors: number,
      pending_sectors: number,
      uncorrectable_sectors: number,
      nvme_percentage_used: pct,
      nvme_media_errors: number,
      temperature_c: { type: 'number', unit: '°C' },
      power_on_hours: { type: 'number', unit: 'h' },
    },
    timeoutMs: 30_000,
  }),
  declare({
    name: 'disk.free',
    title: { fr: 'Espace disque libre', en: 'Free disk space' },
    args: z.object({ mount: mountPath.default('/') }),
    reading: {
      mount: string,
      size_bytes: number,
      free_bytes: number,
      free_percent: pct,
      used_percent: pct,
    },
  }),
  declare({
    name: 'disk.io_errors',
    title: { fr: 'Erreurs d’entrée/sortie disque (journal noyau)', en: 'Disk I/O errors (kernel log)' },
    args: z.object({ since_hours: sinceHours.default(72) }),
    reading: { error_count: number, devices: list, sample: list, source: { type: 'string', values: ['journal', 'dmesg'] } },
  }),
  declare({
    name: 'memory.errors',
    title: { fr: 'Erreurs mémoire (EDAC, journal noyau)', en: 'Memory errors (EDAC, kernel log)' },
    args: z.object({ since_hours: sinceHours.default(72) }),
    reading: {
      edac_present: boolean,
      corrected_errors: number,
      uncorrected_errors: number,
      log_events: number,
      sample: list,
    },
  }),
  declare({
    name: 'memory.pressure',
    title: { fr: 'Pression mémoire', en: 'Memory pressure' },
    args: z.object({}),
    reading: {
      total_bytes: number,
      available_bytes: number,
      available_percent: pct,
      used_percent: pct,
      swap_total_bytes: number,
      swap_used_percent: pct,
      psi_some_avg10: pct,
    },
  }),
  declare({
    name: 'cpu.temperature',
    title: { fr: 'Température du processeur', en: 'CPU temperature' },
    args: z.object({}),
    reading: { temperature_c: { type: 'number', unit: '°C' }, max_c: { type: 'number', unit: '°C' }, sensors: number },
  }),
  declare({
    name: 'cpu.load',
    title: { fr: 'Charge du processeur', en: 'CPU load' },
    args: z.object({ sample_ms: z.number().int().min(100).max(5000).default(1000) }),
    reading: { cores: number, load1: number, load5: number, load15: number, load_per_core: number, busy_percent: pct },
  }),
  declare({
    name: 'battery.health',
    title: { fr: 'État de la batterie', en: 'Battery health' },
    args: z.object({}),
    reading: {
      charge_percent: pct,
      wear_percent: pct,
      cycle_count: number,
      charging: boolean,
      ac_connected: boolean,
      design_capacity_mwh: number,
      full_capacity_mwh: number,
    },
  }),
  declare({
    name: 'net.link',
    title: { fr: 'Lien réseau', en: 'Network link' },
    args: z.object({ interface: ifaceName.optional() }),
    reading: {
      interface: string,
      up: boolean,
      wireless: boolean,
      speed_mbps: { type: 'number', unit: 'Mbit/s' },
      ipv4: list,
      has_ipv4: boolean,
      link_local_only: boolean,
    },
  }),
  declare({
    name: 'net.ping',
    title: { fr: 'Joignabilité d’un hôte', en: 'Host reachability' },
    args: z.object({
      host: hostName,
      count: z.number().int().min(1).max(10).default(3),
      /** icmp uses the system ping; tcp opens a connection to `port` (no privileges needed). */
      method: z.enum(['icmp', 'tcp']).default('icmp'),
      port: z.number().int().min(1).max(65535).default(443),
    }),
    reading: { reachable: boolean, sent: number, received: number, loss_percent: pct, avg_ms: { type: 'number', unit: 'ms' } },
  }),
  declare({
    name: 'net.dns',
    title: { fr: 'Résolution DNS', en: 'DNS resolution' },
    args: z.object({ name: hostName.default('example.com') }),
    reading: { resolved: boolean, addresses: list, duration_ms: { type: 'number', unit: 'ms' }, error: string },
  }),
  declare({
    name: 'net.http',
    title: { fr: 'Accès HTTP', en: 'HTTP access' },
    args: z.object({
      url: z.string().regex(/^https?:\/\/[^\s'"\\]{1,2000}$/, hint('hintUrl')),
      expect_status: z.number().int().min(100).max(599).optional(),
    }),
    reading: { ok: boolean, status: number, duration_ms: { type: 'number', unit: 'ms' }, error: string },
  }),
  declare({
    name: 'net.gateway',
    title: { fr: 'Passerelle par défaut', en: 'Default gateway' },
    args: z.object({}),
    reading: { has_default_route: boolean, gateway: string, interface: string, reachable: boolean },
  }),
  declare({
    name: 'service.status',
    title: { fr: 'État d’un service', en: 'Service status' },
    args: z.object({ name: unitName }),
    reading: {
      exists: boolean,
      active: boolean,
      active_state: string,
      sub_state: string,
      enabled: string,
      restarts: number,
    },
  }),
  declare({
    name: 'service.failed',
    title: { fr: 'Services en échec', en: 'Failed services' },
    args: z.object({}),
    reading: { failed_count: number, failed: list },
  }),
  declare({
    name: 'time.sync',
    title: { fr: 'Synchronisation de l’heure', en: 'Time synchronisation' },
    args: z.object({}),
    /** `offset_ms`: how far this clock is ahead (+) or behind (-) its source, when the source says (chrony, ntpd); `drift_ms` is its size. */
    reading: { synchronized: boolean, offset_ms: { type: 'number', unit: 'ms' }, drift_ms: { type: 'number', unit: 'ms' }, source: string },
  }),
  declare({
    name: 'os.uptime',
    title: { fr: 'Temps depuis le démarrage', en: 'Uptime' },
    args: z.object({}),
    reading: { uptime_seconds: { type: 'number', unit: 's' }, uptime_days: { type: 'number', unit: 'd' }, boot_time: string },
  }),
  declare({
    name: 'os.pending_reboot',
    title: { fr: 'Redémarrage en attente', en: 'Pending reboot' },
    args: z.object({}),
    reading: { pending: boolean, reasons: list },
  }),
  declare({
    name: 'log.grep',
    title: { fr: 'Recherche dans un journal', en: 'Search a log' },
    args: z.object({
      /** `journal` (systemd journal) or an absolute file path. */
      source: z.union([z.literal('journal'), z.string().regex(/^\/[^\0\n'"]{1,512}$/, hint('hintFilePath'))]).default('journal'),
      /** A regular expression (JavaScript syntax), matched line by line; never executed as code. */
      pattern: z.string().min(1).max(200).refine(isRegex, hint('hintRegex')),
      unit: unitName.optional(),
      since_hours: sinceHours.default(24),
      ignore_case: z.boolean().default(true),
      max_lines: z.number().int().min(1).max(100_000).default(5000),
      max_bytes: z.number().int().min(1024).max(16 * 1024 * 1024).default(2 * 1024 * 1024),
    }),
    reading: { matches: number, lines_scanned: number, truncated: boolean, sample: list },
  }),
  declare({
    name: 'printer.queue',
    title: { fr: 'File d’impression (CUPS)', en: 'Print queue (CUPS)' },
    args: z.object({ printer: z.string().regex(/^[A-Za-z0-9._@-]{1,127}$/, hint('hintPrinter')).optional() }),
    reading: {
      scheduler_running: boolean,
      printers: number,
      disabled_printers: list,
      disabled_count: number,
      jobs: number,
      default_printer: string,
    },
  }),
];

function isRegex(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

export const probeDeclarations: ReadonlyMap<string, ProbeDeclaration> = new Map(declarations.map((d) => [d.name, d]));

export function probeDeclaration(name: string): ProbeDeclaration | undefined {
  return probeDeclarations.get(name);
}
