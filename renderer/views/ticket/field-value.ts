import type { TFunction } from 'i18next';

/** A ticket field's value as a person reads it: levels and kinds in words, an empty value as a dash. */
export function fieldValueText(t: TFunction, field: string, value: unknown, categoryName?: (path: string) => string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'category' && categoryName) return categoryName(String(value));
  if (field === 'impact') return t(`ticket.impactLevels.${String(value)}`);
  if (field === 'urgency') return t(`ticket.urgencyLevels.${String(value)}`);
  if (field === 'kind') return t(`tickets.kind.${String(value)}`);
  const text = String(value);
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

export function fieldName(t: TFunction, field: string): string {
  return t(`ticket.${field}`, { defaultValue: field });
}
