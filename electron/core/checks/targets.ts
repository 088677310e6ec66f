import { LOCAL_HOST, type CheckDefinition, type PlanDocument } from '../../../shared/checks';

/** A host a plan can target: an entry of the host book, or this machine. */
export interface CheckHost {
  readonly name: string;
  readonly osFamily: string;
  readonly tags: readonly string[];
  readonly site: string | null;
  readonly local: boolean;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether a check applies to a host: every list the check gives must match (hosts by name, any tag, site, OS family). */
export function appliesTo(check: CheckDefinition, host: CheckHost): boolean {
  const { hosts, tags, sites, os } = check.applies_to;
  if (hosts.length > 0 && !hosts.some((h) => same(h, host.name))) return false;
  if (tags.length > 0 && !tags.some((t) => host.tags.includes(t))) return false;
  if (sites.length > 0 && !(host.site !== null && sites.some((s) => same(s, host.site!)))) return false;
  if (os.length > 0 && !os.includes(host.osFamily as (typeof os)[number])) return false;
  return true;
}

export function localHost(): CheckHost {
  const os = process.platform === 'linux' ? 'linux' : process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'unknown';
  return { name: LOCAL_HOST, osFamily: os, tags: [], site: null, local: true };
}

/** The plan's hosts: the book's entries, and this machine when the plan says so. */
export function planHosts(plan: PlanDocument, book: readonly CheckHost[]): CheckHost[] {
  return plan.local ? [localHost(), ...book] : [...book];
}
