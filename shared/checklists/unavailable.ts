import { z } from 'zod';
import type { Language } from '../contract/app';

/**
 * Why a probe could not measure, as a code and parameters rather than a sentence: the reading is stored
 * in the ticket and read later by someone whose language may differ from the machine that ran it.
 * `detail` parameters carry a tool's own words (stderr, smartctl's messages): shown as they came.
 */
export const UnavailableCode = z.enum([
  'tool_missing',
  'no_cpu_sensor',
  'no_battery',
  'unsupported_platform',
  'timed_out',
  'cannot_read',
  'no_usable_output',
  'no_systemd',
  'no_time_sync',
  'no_interface',
  'journal_unreadable',
  'kernel_log_unreadable',
  'no_edac_no_log',
  'no_disk',
  'smart_unreadable',
  'no_mount',
  'zero_size',
  'memory_unknown',
  'incomplete',
  'probe_failed',
  'invalid_reading',
]);
export type UnavailableCode = z.infer<typeof UnavailableCode>;
export const UnavailableParams = z.record(z.string(), z.union([z.string(), z.number()]));

type Params = Readonly<Record<string, string | number>>;
const decimal = (n: string | number | undefined, lang: Language) => (lang === 'fr' ? String(n ?? '?').replace('.', ',') : String(n ?? '?'));
const detail = (p: Params, lang: Language) => (p.detail === undefined || p.detail === '' ? '' : lang === 'fr' ? ` : ${p.detail}` : `: ${p.detail}`);

const TEXTS: Record<UnavailableCode, Record<Language, (p: Params) => string>> = {
  tool_missing: {
    fr: (p) => `l’outil ${p.tool ?? '?'} n’est pas installé${p.package ? ` (paquet ${p.package})` : ''}`,
    en: (p) => `${p.tool ?? '?'} is not installed${p.package ? ` (package ${p.package})` : ''}`,
  },
  no_cpu_sensor: {
    fr: () => 'aucun capteur de température du processeur (machine virtuelle ou pilote absent)',
    en: () => 'no CPU temperature sensor exposed (virtual machine or missing driver)',
  },
  no_battery: { fr: () => 'aucune batterie détectée', en: () => 'no battery detected' },
  unsupported_platform: {
    fr: (p) => `cette mesure ne fonctionne pas encore sous ${p.platform ?? '?'}`,
    en: (p) => `this check does not run on ${p.platform ?? '?'} yet`,
  },
  timed_out: {
    fr: (p) => `pas de réponse après ${decimal(p.seconds, 'fr')} s`,
    en: (p) => `timed out after ${decimal(p.seconds, 'en')} s`,
  },
  cannot_read: {
    fr: (p) => `impossible de lire ${p.what ?? '?'}${detail(p, 'fr')}`,
    en: (p) => `cannot read ${p.what ?? '?'}${detail(p, 'en')}`,
  },
  no_usable_output: {
    fr: (p) => `${p.tool ?? '?'} n’a rien donné d’exploitable${detail(p, 'fr')}`,
    en: (p) => `${p.tool ?? '?'} gave no usable output${detail(p, 'en')}`,
  },
  no_systemd: { fr: () => 'systemd ne tourne pas sur cette machine', en: () => 'systemd is not running on this host' },
  no_time_sync: {
    fr: () => 'aucun service de mise à l’heure interrogeable (chrony, ntpd, ou systemd-timesyncd avec systemd)',
    en: () => 'no time synchronisation service can be queried (chrony, ntpd, or systemd-timesyncd under systemd)',
  },
  no_interface: {
    fr: (p) => (p.name ? `aucune interface réseau nommée ${p.name}` : 'aucune interface réseau trouvée'),
    en: (p) => (p.name ? `no network interface named ${p.name}` : 'no network interface found'),
  },
  journal_unreadable: {
    fr: () => 'le journal système est vide ou illisible pour cet utilisateur',
    en: () => 'the journal is empty or cannot be read by this user',
  },
  kernel_log_unreadable: {
    fr: () => 'le journal du noyau est illisible (pas d’accès au journal, dmesg restreint)',
    en: () => 'the kernel log cannot be read (no journal access, dmesg restricted)',
  },
  no_edac_no_log: {
    fr: () => 'aucun pilote EDAC chargé et le journal du noyau est illisible',
    en: () => 'no EDAC driver loaded and the kernel log cannot be read',
  },
  no_disk: { fr: () => 'smartctl ne trouve aucun disque', en: () => 'smartctl found no disk' },
  smart_unreadable: {
    fr: (p) => `état SMART illisible${p.devices ? ` pour ${p.devices}` : ''}${detail(p, 'fr')}`,
    en: (p) => `no readable SMART status${p.devices ? ` for ${p.devices}` : ''}${detail(p, 'en')}`,
  },
  no_mount: { fr: (p) => `aucun point de montage ${p.mount ?? '?'}`, en: (p) => `no such mount point: ${p.mount ?? '?'}` },
  zero_size: { fr: (p) => `${p.mount ?? '?'} annonce une taille nulle`, en: (p) => `${p.mount ?? '?'} reports a size of 0` },
  memory_unknown: { fr: () => 'la mémoire totale est inconnue', en: () => 'total memory is unknown' },
  incomplete: {
    fr: (p) => `la vérification ne s’est pas terminée${detail(p, 'fr')}`,
    en: (p) => `the check did not complete${detail(p, 'en')}`,
  },
  probe_failed: {
    fr: (p) => `la mesure ${p.probe ?? '?'} a échoué${detail(p, 'fr')}`,
    en: (p) => `${p.probe ?? '?'} failed${detail(p, 'en')}`,
  },
  invalid_reading: {
    fr: (p) => `erreur interne : ${p.probe ?? '?'} a donné une mesure invalide${detail(p, 'fr')}`,
    en: (p) => `internal: ${p.probe ?? '?'} produced an invalid reading${detail(p, 'en')}`,
  },
};

const NOT_AVAILABLE: Record<Language, string> = { fr: 'non disponible', en: 'not available' };

type Unavailable = { reason: string; code?: UnavailableCode | undefined; params?: Params | undefined };

/** Why nothing was measured, in the reader's language; a reading stored before codes existed keeps its own text. */
export function unavailableReason(reading: Unavailable, lang: Language): string {
  return reading.code ? TEXTS[reading.code][lang](reading.params ?? {}) : reading.reason;
}

/** "non disponible : aucune batterie détectée". */
export function unavailableText(reading: Unavailable, lang: Language): string {
  return `${NOT_AVAILABLE[lang]}${lang === 'fr' ? ' : ' : ': '}${unavailableReason(reading, lang)}`;
}

/**
 * A reading that says why nothing was measured: the code and parameters, plus the English sentence in
 * `reason` for devices that predate a code (they show `reason` as it is).
 */
export function unavailableReading(code: UnavailableCode, params: Params = {}): { available: false; reason: string; code: UnavailableCode; params?: Record<string, string | number> } {
  const kept = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined));
  const reason = TEXTS[code].en(kept) || code;
  return Object.keys(kept).length ? { available: false, reason, code, params: kept } : { available: false, reason, code };
}
