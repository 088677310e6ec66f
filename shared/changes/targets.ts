/**
 * Which hosts a change runs on: the hosts it names, plus every host of the book with one of its tags or at
 * one of its sites. Resolved at preview and at rollout time from the host book, in that order (named hosts
 * as written, then the book's order), each host once. A host that cannot take the procedure is kept in
 * the list with why it is skipped; a tag or site that matches no host is said too.
 */
import type { Shell } from './procedure';

export interface BookHost {
  readonly name: string;
  readonly tags: readonly string[];
  readonly site?: string | undefined;
  readonly osFamily: string;
}

export interface TargetSelection {
  readonly hosts: readonly string[];
  readonly tags: readonly string[];
  readonly sites: readonly string[];
}

export type TargetVia = { kind: 'name' } | { kind: 'tag' | 'site'; value: string };

export interface TargetHost {
  host: string;
  via: TargetVia;
  /** Why this host will not run the procedure (null: it will). */
  skipped: string | null;
}

export interface ResolvedTargets {
  hosts: TargetHost[];
  /** Tags and sites that chose no host. */
  unmatched: string[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** What runs on the hosts: an sh or PowerShell script, or a checklist (whose probes are Linux scripts). */
export type ProcedureLanguage = Shell | 'checklist';

export function procedureLanguage(procedure: { shell: Shell; checklist?: unknown } | null | undefined): ProcedureLanguage {
  return procedure?.checklist ? 'checklist' : (procedure?.shell ?? 'sh');
}

export function resolveTargets(selection: TargetSelection, book: readonly BookHost[], shell: ProcedureLanguage = 'sh'): ResolvedTargets {
  const chosen = new Set<string>();
  const hosts: TargetHost[] = [];
  for (const name of selection.hosts) {
    const entry = book.find((h) => h.name === name);
    const skipped = chosen.has(name) ? 'listed twice' : entry ? osRefusal(entry, shell) : 'not in the host book';
    chosen.add(name);
    hosts.push({ host: name, via: { kind: 'name' }, skipped });
  }
  const matchedTags = new Set<string>();
  const matchedSites = new Set<string>();
  for (const entry of book) {
    const tag = selection.tags.find((t) => entry.tags.includes(t));
    const site = entry.site === undefined ? undefined : selection.sites.find((s) => same(s, entry.site as string));
    if (tag !== undefined) matchedTags.add(tag);
    if (site !== undefined) matchedSites.add(site);
    if ((tag === undefined && site === undefined) || chosen.has(entry.name)) continue;
    chosen.add(entry.name);
    const via: TargetVia = tag !== undefined ? { kind: 'tag', value: tag } : { kind: 'site', value: site as string };
    hosts.push({ host: entry.name, via, skipped: osRefusal(entry, shell) });
  }
  const unmatched = [
    ...selection.tags.filter((t) => !matchedTags.has(t)).map((t) => `no host has the tag "${t}"`),
    ...selection.sites.filter((s) => !matchedSites.has(s)).map((s) => `no host is at the site "${s}"`),
  ];
  return { hosts, unmatched };
}

const UNIX = ['linux', 'macos', 'bsd'];

/** The procedure's language must be the host's: sh off Windows, PowerShell on it (an unknown OS is tried: its result will say). */
function osRefusal(host: BookHost, shell: ProcedureLanguage): string | null {
  if (shell === 'checklist') return host.osFamily === 'windows' ? 'a Windows host: this procedure is a checklist whose probes are Linux scripts' : null;
  if (shell === 'sh' && host.osFamily === 'windows') return 'a Windows host: this procedure is an sh script';
  if (shell === 'powershell' && UNIX.includes(host.osFamily)) return `a ${host.osFamily === 'macos' ? 'macOS' : host.osFamily === 'bsd' ? 'BSD' : 'Linux'} host: this procedure is a PowerShell script`;
  return null;
}

/** How many hosts a change chooses (by name, tag or site, each host once): what its list shows. */
export function chosenHostCount(selection: TargetSelection, book: readonly BookHost[]): number {
  return new Set(resolveTargets(selection, book).hosts.map((h) => h.host)).size;
}

/** Whether the change chooses any host at all. */
export function choosesHosts(selection: TargetSelection): boolean {
  return selection.hosts.length + selection.tags.length + selection.sites.length > 0;
}
