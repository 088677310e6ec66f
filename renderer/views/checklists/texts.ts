import { useTranslation } from 'react-i18next';
import type { LocalizedText, RecordedStep, Step } from '../../../shared/checklists';

export type Lang = 'fr' | 'en';

/** The UI language, which picks the French or English text of a checklist document. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('fr') ? 'fr' : 'en';
}

export function loc(text: LocalizedText | undefined, lang: Lang): string {
  return text ? text[lang] : '';
}

/** The sentence a step asks or tells (a probe without text shows its probe name). */
export function stepText(step: Step, lang: Lang): string {
  switch (step.kind) {
    case 'question':
    case 'instruction':
      return step.text[lang];
    case 'probe':
      return step.text ? step.text[lang] : step.probe;
    case 'conclusion':
      return step.diagnosis[lang];
  }
}

type Reading = Extract<RecordedStep, { kind: 'probe' }>['reading'];

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

function bytes(value: number): string {
  let v = value;
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < BYTE_UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return `${unit === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${BYTE_UNITS[unit]}`;
}

/** A reading field's value with the unit its name carries (`free_bytes`, `free_percent`, `temperature_c`). */
export function formatValue(key: string, value: unknown): string {
  if (Array.isArray(value)) return value.join(', ') || '—';
  if (typeof value === 'number') {
    if (key.endsWith('_bytes')) return bytes(value);
    if (key.endsWith('_percent')) return `${value} %`;
    if (key.endsWith('_c')) return `${value} °C`;
    if (key.endsWith('_ms')) return `${value} ms`;
    if (key.endsWith('_hours')) return `${value} h`;
  }
  return String(value);
}

/** `free_percent: 12.4 % · mount: /`; fields that were not measured are left out. */
export function formatReading(reading: Reading): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(reading)) {
    if (key === 'available' || value === null || value === undefined) continue;
    parts.push(`${key}: ${formatValue(key, value)}`);
  }
  return parts.join(' · ');
}
