/** "23 Nov, 14:05" (or with the year when it is not this year), in the UI's language. */
export function formatDateTime(ms: number, language: string): string {
  const date = new Date(ms);
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(language.startsWith('fr') ? 'fr-FR' : 'en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "14:05" today, else the date and time. */
export function formatShort(ms: number, language: string): string {
  const date = new Date(ms);
  if (date.toDateString() === new Date().toDateString()) {
    return date.toLocaleTimeString(language.startsWith('fr') ? 'fr-FR' : 'en-GB', { hour: '2-digit', minute: '2-digit' });
  }
  return formatDateTime(ms, language);
}
