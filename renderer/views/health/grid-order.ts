import type { CheckStatus } from '../../../shared/checks';
import type { HealthCell, HealthOverview } from '../../../shared/contract';

/** The grid's sort: by host name, by a host's worst status, or by one check's column. */
export type GridSort = { readonly by: 'host' } | { readonly by: 'worst' } | { readonly by: 'check'; readonly checkId: string };
export interface GridOrder {
  readonly sort: GridSort;
  readonly dir: 'asc' | 'desc';
}

/** Where the grid's hosts are kept: '' means every site / tag. */
export interface GridFilter {
  readonly text: string;
  readonly site: string;
  readonly tag: string;
}

/** How bad a status is; worst first sorts descending. No reading at all sorts below every status. */
const SEVERITY: Record<CheckStatus, number> = { pass: 1, unavailable: 2, warn: 3, fail: 4, unreachable: 4 };

export const severity = (status: CheckStatus | undefined): number => (status ? SEVERITY[status] : 0);

export function worstStatus(cells: readonly HealthCell[]): CheckStatus | undefined {
  let worst: CheckStatus | undefined;
  for (const c of cells) if (severity(c.status) > severity(worst)) worst = c.status;
  return worst;
}

const numberOf = (cell: HealthCell | undefined): number | null => {
  const n = cell?.value === null || cell?.value === undefined ? NaN : Number(cell.value);
  return Number.isFinite(n) ? n : null;
};

/**
 * The hosts the grid shows, in order. Worst status and a check's column put the worst first when descending
 * (the default when one picks them); a check's column breaks ties by its value, then by host name.
 */
export function gridHosts(overview: HealthOverview, filter: GridFilter, order: GridOrder): string[] {
  const info = new Map(overview.hostInfo.map((h) => [h.name, h]));
  const text = filter.text.trim().toLowerCase();
  const byHost = new Map<string, HealthCell[]>();
  for (const c of overview.cells) byHost.set(c.host, [...(byHost.get(c.host) ?? []), c]);
  const shown = overview.hosts.filter((h) => {
    const where = info.get(h);
    if (text && !h.toLowerCase().includes(text)) return false;
    if (filter.site && where?.site?.toLowerCase() !== filter.site.toLowerCase()) return false;
    if (filter.tag && !where?.tags.includes(filter.tag)) return false;
    return true;
  });
  const sign = order.dir === 'asc' ? 1 : -1;
  const name = (a: string, b: string) => a.localeCompare(b);
  const key = (h: string): [number, number | null] => {
    const cells = byHost.get(h) ?? [];
    if (order.sort.by === 'worst') return [severity(worstStatus(cells)), null];
    if (order.sort.by === 'check') {
      const id = order.sort.checkId;
      const cell = cells.find((c) => c.checkId === id);
      return [severity(cell?.status), numberOf(cell)];
    }
    return [0, null];
  };
  if (order.sort.by === 'host') return shown.sort((a, b) => sign * name(a, b));
  return shown.sort((a, b) => {
    const [sa, va] = key(a);
    const [sb, vb] = key(b);
    if (sa !== sb) return sign * (sa - sb);
    if (va !== null && vb !== null && va !== vb) return sign * (va - vb);
    return name(a, b);
  });
}

/** The sites (one per spelling regardless of case, as the filter compares them) and tags the grid's hosts have. */
export function gridChoices(overview: HealthOverview): { sites: string[]; tags: string[] } {
  const sites = new Map<string, string>();
  const tags = new Set<string>();
  for (const h of overview.hostInfo) {
    if (h.site && !sites.has(h.site.toLowerCase())) sites.set(h.site.toLowerCase(), h.site);
    for (const t of h.tags) tags.add(t);
  }
  const sorted = (s: Iterable<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { sites: sorted(sites.values()), tags: sorted(tags) };
}
