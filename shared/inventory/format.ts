export type Lang = 'fr' | 'en';

const BINARY_UNITS: Record<Lang, readonly string[]> = {
  en: ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'],
  fr: ['o', 'Kio', 'Mio', 'Gio', 'Tio', 'Pio'],
};

function decimal(value: number, digits: number, lang: Lang): string {
  const s = value.toFixed(digits);
  return lang === 'fr' ? s.replace('.', ',') : s;
}

/** 25276026880 -> "23.5 GiB" (fr: "23,5 Gio"). */
export function formatBytes(bytes: number | undefined, lang: Lang = 'en'): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '?';
  const units = BINARY_UNITS[lang];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${decimal(value, digits, lang)} ${units[unit]}`;
}

export function formatGHz(ghz: number | undefined, lang: Lang = 'en'): string {
  return ghz === undefined ? '?' : `${decimal(ghz, 2, lang)} GHz`;
}

export function formatCelsius(celsius: number | undefined, lang: Lang = 'en'): string {
  return celsius === undefined ? '?' : `${decimal(celsius, 0, lang)} °C`;
}

export function formatPercent(percent: number | undefined, lang: Lang = 'en'): string {
  return percent === undefined ? '?' : `${decimal(percent, percent % 1 === 0 ? 0 : 1, lang)} %`;
}

export function formatMbps(mbps: number | undefined, lang: Lang = 'en'): string {
  if (mbps === undefined) return '?';
  return mbps >= 1000 ? `${decimal(mbps / 1000, mbps % 1000 === 0 ? 0 : 1, lang)} Gb/s` : `${decimal(mbps, 0, lang)} Mb/s`;
}

/** 273600 -> "3 d 4 h" (fr: "3 j 4 h"). */
export function formatDuration(seconds: number | undefined, lang: Lang = 'en'): string {
  if (seconds === undefined) return '?';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const day = lang === 'fr' ? 'j' : 'd';
  if (d > 0) return `${d} ${day} ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  return `${m} min`;
}
