import type { SftpEntry } from '../contract/ssh';

/** Remote paths are POSIX-style over SFTP (Windows OpenSSH too: `/C:/Users`). */
export function joinRemote(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

/** The folder above `path`; `/` stays `/` (on Windows OpenSSH, `/` lists the drives). */
export function parentRemote(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

export function baseName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? path;
}

export type SortKey = 'name' | 'size' | 'modified' | 'type';
export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** Folders first whatever the sort, then by the chosen column (name breaks ties). */
export function sortEntries(entries: readonly SftpEntry[], sort: Sort): SftpEntry[] {
  const folder = (e: SftpEntry) => (e.type === 'directory' ? 0 : 1);
  const sign = sort.dir === 'asc' ? 1 : -1;
  const byName = (a: SftpEntry, b: SftpEntry) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });
  const by: Record<SortKey, (a: SftpEntry, b: SftpEntry) => number> = {
    name: byName,
    size: (a, b) => a.size - b.size,
    modified: (a, b) => a.modifiedAt.localeCompare(b.modifiedAt),
    type: (a, b) => a.type.localeCompare(b.type),
  };
  return [...entries].sort((a, b) => folder(a) - folder(b) || sign * by[sort.key](a, b) || byName(a, b));
}

/** Why a new folder name is refused, as a message key, or undefined when it is fine. */
export function folderNameProblem(name: string, existing: readonly string[]): 'empty' | 'slash' | 'dots' | 'tooLong' | 'exists' | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'empty';
  if (/[/\\\0]/.test(trimmed)) return 'slash';
  if (trimmed === '.' || trimmed === '..') return 'dots';
  // UTF-8 bytes: each escaped byte counts once.
  if (encodeURIComponent(trimmed).replace(/%[0-9A-F]{2}/g, 'x').length > 255) return 'tooLong';
  if (existing.includes(trimmed)) return 'exists';
  return undefined;
}

/** "1.5 MiB", "320 KiB", "12 B". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
