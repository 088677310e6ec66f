/** `inventory-pc-accueil-2026-11-24T08-03.json`: readable and safe on every file system. */
export function exportFileName(machine: string, takenAt: string, suffix: string): string {
  const safe = machine.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'machine';
  return `inventory-${safe}-${takenAt.slice(0, 16).replace(/:/g, '-')}${suffix}`;
}
