import i18next from 'i18next';

/** "2 h 15 min", "3 d 4 h", "12 min": how a technician reads an SLA budget. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  const unit = i18next.language === 'fr' ? 'j' : 'd';
  return hours % 24 === 0 ? `${days} ${unit}` : `${days} ${unit} ${hours % 24} h`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per language and style: building one costs far more than formatting (a queue formats hundreds). */
function cachedFormatter(name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const lang = i18next.language || 'en';
  const key = `${lang}/${name}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang, options);
    formatters.set(key, formatter);
  }
  return formatter;
}

function dateTimeFormatter(timeStyle: 'short' | 'medium'): Intl.DateTimeFormat {
  return cachedFormatter(timeStyle, { dateStyle: 'short', timeStyle });
}

/** Date and time in the UI's language, short. */
export function formatDateTime(ms: number): string {
  return dateTimeFormatter('short').format(ms);
}

/**
 * Date and time to the second: for records taken seconds apart on the same visit (inventory snapshots), which
 * the minute alone would show as twins. Always with seconds, so a list never mixes two formats.
 */
export function formatDateTimeSeconds(ms: number): string {
  return dateTimeFormatter('medium').format(ms);
}

/** Today: the time; this year: day and month; else the date. For dense lists. */
export function formatShortTime(ms: number, now = Date.now()): string {
  const date = new Date(ms);
  const today = new Date(now);
  if (date.toDateString() === today.toDateString()) return cachedFormatter('time', { hour: '2-digit', minute: '2-digit' }).format(date);
  if (date.getFullYear() === today.getFullYear()) return cachedFormatter('day-month', { day: 'numeric', month: 'short' }).format(date);
  return cachedFormatter('date', { dateStyle: 'short' }).format(date);
}

/** Bytes as megabytes, one decimal below 10 MB ("3.2 MB", "52 MB"). */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/** A calendar day written YYYY-MM-DD (a follow-up date), in the UI's language, never shifted by the time zone. */
export function formatDay(day: string): string {
  const lang = i18next.language || 'en';
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(lang, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** Today's date as YYYY-MM-DD in local time. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
