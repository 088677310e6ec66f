import { z } from 'zod';
import type { Language } from '../contract/app';

/**
 * Why a probe could not measure, as a code and parameters rather than a sentence: the reading is stored
 * in the ticket and read later by someone whose language may differ from the machine that ran it.
 */
export const UnavailableCode = z.enum(['tool_missing', 'no_cpu_sensor', 'no_battery', 'unsupported_platform', 'timed_out']);
export type UnavailableCode = z.infer<typeof UnavailableCode>;
export const UnavailableParams = z.record(z.string(), z.union([z.string(), z.number()]));

type Params = Readonly<Record<string, string | number>>;
const decimal = (n: string | number | undefined, lang: Language) => (lang === 'fr' ? String(n ?? '?').replace('.', ',') : String(n ?? '?'));

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
