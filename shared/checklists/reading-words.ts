import type { Language } from '../contract/app';
import { formatBytes } from '../inventory/format';
import type { FieldValue, ReadingFields } from './fields';
import { unavailableText, type UnavailableCode } from './unavailable';

/**
 * A probe's reading as a person reads it: "23,5 Gio libres sur 111,8 Gio (21 %)", "température : 48 °C",
 * never `free_bytes=…`. Units come from the probe's declaration, bytes from the field name.
 */

type AnyReading =
  | ({ available: true } & Record<string, FieldValue | undefined>)
  | { available: false; reason: string; code?: UnavailableCode | undefined; params?: Record<string, string | number> | undefined };

const LABELS: Record<string, { fr: string; en: string }> = {
  temperature_c: { fr: 'température', en: 'temperature' },
  max_c: { fr: 'maximum', en: 'maximum' },
  sensors: { fr: 'capteurs', en: 'sensors' },
  devices_checked: { fr: 'disques vérifiés', en: 'disks checked' },
  passed: { fr: 'état SMART correct', en: 'SMART status passed' },
  failing_devices: { fr: 'disques en défaut', en: 'failing disks' },
  reallocated_sectors: { fr: 'secteurs réalloués', en: 'reallocated sectors' },
  pending_sectors: { fr: 'secteurs en attente', en: 'pending sectors' },
  uncorrectable_sectors: { fr: 'secteurs illisibles', en: 'uncorrectable sectors' },
  nvme_percentage_used: { fr: 'usure NVMe', en: 'NVMe wear' },
  nvme_media_errors: { fr: 'erreurs média NVMe', en: 'NVMe media errors' },
  power_on_hours: { fr: 'heures de fonctionnement', en: 'power-on hours' },
  mount: { fr: 'point de montage', en: 'mount point' },
  error_count: { fr: 'erreurs', en: 'errors' },
  devices: { fr: 'périphériques', en: 'devices' },
  edac_present: { fr: 'EDAC présent', en: 'EDAC present' },
  corrected_errors: { fr: 'erreurs corrigées', en: 'corrected errors' },
  uncorrected_errors: { fr: 'erreurs non corrigées', en: 'uncorrected errors' },
  log_events: { fr: 'événements du journal', en: 'log events' },
  swap_used_percent: { fr: 'swap utilisé', en: 'swap used' },
  psi_some_avg10: { fr: 'pression mémoire (10 s)', en: 'memory pressure (10 s)' },
  cores: { fr: 'cœurs', en: 'cores' },
  load1: { fr: 'charge 1 min', en: 'load 1 min' },
  load5: { fr: 'charge 5 min', en: 'load 5 min' },
  load15: { fr: 'charge 15 min', en: 'load 15 min' },
  load_per_core: { fr: 'charge par cœur', en: 'load per core' },
  busy_percent: { fr: 'processeur occupé', en: 'CPU busy' },
  charge_percent: { fr: 'charge', en: 'charge' },
  wear_percent: { fr: 'usure', en: 'wear' },
  cycle_count: { fr: 'cycles', en: 'cycles' },
  charging: { fr: 'en charge', en: 'charging' },
  ac_connected: { fr: 'secteur branché', en: 'AC connected' },
  interface: { fr: 'interface', en: 'interface' },
  up: { fr: 'lien actif', en: 'link up' },
  wireless: { fr: 'sans fil', en: 'wireless' },
  speed_mbps: { fr: 'débit', en: 'speed' },
  has_ipv4: { fr: 'adresse IPv4', en: 'IPv4 address' },
  resolved: { fr: 'résolu', en: 'resolved' },
  addresses: { fr: 'adresses', en: 'addresses' },
  duration_ms: { fr: 'durée', en: 'duration' },
  error: { fr: 'erreur', en: 'error' },
  ok: { fr: 'accessible', en: 'reachable' },
  status: { fr: 'code HTTP', en: 'HTTP status' },
  has_default_route: { fr: 'route par défaut', en: 'default route' },
  gateway: { fr: 'passerelle', en: 'gateway' },
  reachable: { fr: 'joignable', en: 'reachable' },
  exists: { fr: 'existe', en: 'exists' },
  active: { fr: 'actif', en: 'active' },
  active_state: { fr: 'état', en: 'state' },
  enabled: { fr: 'démarrage', en: 'enabled' },
  restarts: { fr: 'redémarrages', en: 'restarts' },
  uptime_days: { fr: 'allumé depuis', en: 'up for' },
  pending: { fr: 'redémarrage en attente', en: 'reboot pending' },
  reasons: { fr: 'raisons', en: 'reasons' },
  matches: { fr: 'occurrences', en: 'matches' },
  lines_scanned: { fr: 'lignes lues', en: 'lines read' },
  scheduler_running: { fr: 'service d’impression actif', en: 'print service running' },
  printers: { fr: 'imprimantes', en: 'printers' },
  disabled_printers: { fr: 'imprimantes arrêtées', en: 'disabled printers' },
  jobs: { fr: 'travaux en attente', en: 'queued jobs' },
  default_printer: { fr: 'imprimante par défaut', en: 'default printer' },
};

/** Fields a reader does not need in a sentence: samples of log lines, duplicates of a field already said. */
const LEFT_OUT = new Set(['sample', 'truncated', 'uptime_seconds', 'boot_time', 'sub_state', 'ipv4', 'swap_total_bytes', 'design_capacity_mwh', 'full_capacity_mwh', 'disabled_count', 'source']);

const SUFFIX_UNITS: [RegExp, string][] = [
  [/_percent$|^nvme_percentage_used$|^psi_some_avg10$/, '%'],
  [/_c$/, '°C'],
  [/_mbps$/, 'Mbit/s'],
  [/_ms$/, 'ms'],
  [/_hours$/, 'h'],
];

export function formatNumber(value: number, lang: Language): string {
  const rounded = Math.abs(value) >= 100 || Number.isInteger(value) ? Math.round(value) : Math.round(value * 10) / 10;
  const s = String(rounded);
  return lang === 'fr' ? s.replace('.', ',') : s;
}

const YES_NO: Record<Language, [string, string]> = { fr: ['oui', 'non'], en: ['yes', 'no'] };

function valueText(key: string, value: FieldValue, lang: Language, fields?: ReadingFields): string {
  if (typeof value === 'boolean') return YES_NO[lang][value ? 0 : 1];
  if (Array.isArray(value)) return value.length ? value.join(', ') : lang === 'fr' ? 'aucun' : 'none';
  if (typeof value === 'number') {
    if (key.endsWith('_bytes')) return formatBytes(value, lang);
    if (key === 'uptime_days') return `${formatNumber(value, lang)} ${lang === 'fr' ? 'j' : 'd'}`;
    const unit = fields?.[key]?.unit ?? SUFFIX_UNITS.find(([re]) => re.test(key))?.[1];
    return unit ? `${formatNumber(value, lang)} ${unit}` : formatNumber(value, lang);
  }
  return String(value);
}

/** "X free of Y (z %)" for a disk, "X available of Y" for memory: the one sentence a reader looks for. */
function capacity(r: Record<string, FieldValue | undefined>, lang: Language): { text: string; used: string[] } | null {
  const pct = (n: FieldValue | undefined) => (typeof n === 'number' ? ` (${formatNumber(n, lang)} %)` : '');
  if (typeof r.free_bytes === 'number' && typeof r.size_bytes === 'number') {
    const text = lang === 'fr' ? `${formatBytes(r.free_bytes, lang)} libres sur ${formatBytes(r.size_bytes, lang)}` : `${formatBytes(r.free_bytes, lang)} free of ${formatBytes(r.size_bytes, lang)}`;
    return { text: text + pct(r.free_percent), used: ['free_bytes', 'size_bytes', 'free_percent', 'used_percent'] };
  }
  if (typeof r.available_bytes === 'number' && typeof r.total_bytes === 'number') {
    const text = lang === 'fr' ? `${formatBytes(r.available_bytes, lang)} de mémoire disponibles sur ${formatBytes(r.total_bytes, lang)}` : `${formatBytes(r.available_bytes, lang)} of memory available of ${formatBytes(r.total_bytes, lang)}`;
    return { text: text + pct(r.available_percent), used: ['available_bytes', 'total_bytes', 'available_percent', 'used_percent'] };
  }
  return null;
}

export function readingInWords(reading: AnyReading, lang: Language, fields?: ReadingFields): string {
  if (reading.available === false) return unavailableText(reading, lang);
  const parts: string[] = [];
  const head = capacity(reading, lang);
  if (head) parts.push(head.text);
  const sep = lang === 'fr' ? ' : ' : ': ';
  for (const [key, value] of Object.entries(reading)) {
    if (key === 'available' || value === null || value === undefined || LEFT_OUT.has(key) || head?.used.includes(key)) continue;
    const label = LABELS[key]?.[lang] ?? key.replace(/_/g, ' ');
    parts.push(`${label}${sep}${valueText(key, value, lang, fields)}`);
  }
  return parts.join(', ');
}
