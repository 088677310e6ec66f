/** Saves text as a file from the browser: a Blob behind a temporary link (no Node in the renderer). */
export function downloadText(fileName: string, text: string, mime = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${mime};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; the URL can go on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** `inventory-pc-accueil-2026-11-24T08-03.json`: readable and safe on every file system. */
export function exportFileName(machine: string, takenAt: string, suffix: string): string {
  const safe = machine.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'machine';
  return `inventory-${safe}-${takenAt.slice(0, 16).replace(/:/g, '-')}${suffix}`;
}
