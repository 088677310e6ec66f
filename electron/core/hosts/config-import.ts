import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname as localHostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AtelierError } from '../../../shared/contract/errors';
import { HostInput, HostName, type ConfigImportPreview, type Host } from '../../../shared/contract/ssh';
import { LEGACY_ALGORITHM_NAMES } from '../../../shared/ssh/legacy-algorithms';
import type { Database } from '../db/open';
import { expandPathTokens, parseJumpList, proxyCommandAsJump, type JumpHop } from './config-tokens';
import { blocksWithIncludes } from './includes';
import { findSshClient, openSshResolver } from './openssh-resolve';
import { parserResolver } from './parser-resolve';
import { mapLimit, type HostResolver, type ResolvedHost } from './resolved-host';
import type { SshConfigBlock } from './ssh-config';
import type { HostStore } from './store';

export interface ConfigImportContext {
  /** Hosts already in the book (their names are skipped, and they can serve as jump hosts). */
  existing: (name: string) => Host | undefined;
  home: string;
  localUser: string;
  /** The OpenSSH client that resolves the hosts; undefined looks for `ssh` on PATH, null uses the built-in parser. */
  sshClient?: string | null;
}

type Candidate = ConfigImportPreview['toAdd'][number];

const WILDCARD = /[*?!]/;
/** As the host book's own limit on jump chains. */
const MAX_HOPS = 8;

/** What importing this `~/.ssh/config` text would add to the host book, and what it would skip and why. */
export async function previewConfigImport(text: string, context: ConfigImportContext): Promise<ConfigImportPreview> {
  const blocks = blocksWithIncludes(text, context.home);
  const ssh = context.sshClient === undefined ? findSshClient() : (context.sshClient ?? undefined);
  const warnings: string[] = [];
  const matchBlocks = blocks.filter((b) => b.kind === 'match');
  if (!ssh) {
    warnings.push('No OpenSSH client (ssh) is installed here: the file was read by Atelier’s own parser.');
    for (const block of matchBlocks) warnings.push(`line ${block.line}: "Match ${block.patterns[0] ?? ''}" is not evaluated without the OpenSSH client; its options were ignored.`);
  } else if (matchBlocks.some((b) => /(^|[\s!])exec\b/i.test(b.patterns[0] ?? ''))) {
    warnings.push('"Match exec" conditions were not run (Atelier never runs commands from a config): they counted as false.');
  }
  if (!ssh) return await plan(blocks, parserResolver(blocks, context.localUser), context, warnings);
  const dir = mkdtempSync(join(tmpdir(), 'atelier-ssh-config-'));
  try {
    const file = join(dir, 'config');
    writeFileSync(file, text, { mode: 0o600 });
    return await plan(blocks, openSshResolver(ssh, file, 'the config'), context, warnings);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Adds the previewed hosts (all, or those named) in one transaction: all or nothing. */
export function importConfig(db: Database, store: HostStore, preview: ConfigImportPreview, names?: readonly string[]): Host[] {
  const wanted = names ? new Set(names.map((n) => n.toLowerCase())) : undefined;
  const selected = preview.toAdd.filter((h) => !wanted || wanted.has(h.name.toLowerCase()));
  if (wanted) {
    for (const name of wanted) {
      if (!selected.some((h) => h.name.toLowerCase() === name)) throw new AtelierError('invalid_input', `"${name}" is not among the hosts to import.`, 'names');
    }
  }
  return db.transaction(() => selected.map((host) => store.add(host)))();
}

/** Literal names of Host lines (no wildcard, no negation), first line that names each. */
function aliasesOf(blocks: readonly SshConfigBlock[]): { name: string; line: number }[] {
  const aliases: { name: string; line: number }[] = [];
  for (const block of blocks) {
    if (block.kind !== 'host') continue;
    for (const pattern of block.patterns) {
      if (WILDCARD.test(pattern)) continue;
      if (!aliases.some((a) => a.name.toLowerCase() === pattern.toLowerCase())) aliases.push({ name: pattern, line: block.line });
    }
  }
  return aliases;
}

class Skip extends Error {}

interface Entry {
  candidate: Candidate;
  /** Where the jump comes from: a ProxyJump list (or a ProxyCommand that is one), absent for a direct host. */
  jump?: string;
  /** The name of its final jump host once worked out (null: none). */
  resolvedJump?: string | null;
}

async function plan(blocks: readonly SshConfigBlock[], resolver: HostResolver, context: ConfigImportContext, warnings: string[]): Promise<ConfigImportPreview> {
  const skipped: ConfigImportPreview['skipped'] = [];
  const entries = new Map<string, Entry>();
  const aliases = aliasesOf(blocks);
  const usable = aliases.filter((alias) => {
    if (!HostName.safeParse(alias.name).success) skipped.push({ name: alias.name, reason: `line ${alias.line}: not a usable host name (letters, digits, . _ - only)` });
    else if (context.existing(alias.name)) skipped.push({ name: alias.name, reason: 'already in the host book' });
    else return true;
    return false;
  });
  const resolved = await mapLimit(usable, 4, (alias) => resolver.resolve(alias.name));
  const taken = (name: string) => entries.has(name.toLowerCase()) || context.existing(name) !== undefined;

  const entryFor = (name: string, host: ResolvedHost): Entry => {
    const values = { home: context.home, localUser: context.localUser, localHost: localHostname(), uid: String(process.getuid?.() ?? ''), alias: name, hostname: host.hostname, port: host.port, user: host.user };
    const keys = host.identityFiles.map((file) => expandPathTokens(file, values));
    const bad = keys.find((k) => 'error' in k);
    if (bad && 'error' in bad) throw new Skip(`IdentityFile: ${bad.error}`);
    const keyFiles = keys.map((k) => ('path' in k ? k.path : ''));
    // HostKeyAlgorithms / KexAlgorithms / Ciphers / MACs lines: the legacy names they enable, for this host only.
    const legacy = host.extraAlgorithms.filter((a) => (LEGACY_ALGORITHM_NAMES as readonly string[]).includes(a));
    const unusable = resolver.kind === 'openssh' ? host.extraAlgorithms.filter((a) => !legacy.includes(a)) : [];
    if (unusable.length > 0) warnings.push(`${name}: ${unusable.join(', ')} cannot be used by Atelier (ssh2) and were left out.`);
    const raw = {
      name,
      ...(legacy.length > 0 ? { legacyAlgorithms: legacy } : {}),
      address: host.hostname,
      port: host.port,
      user: host.user || context.localUser,
      auth: keyFiles.length > 0 ? { method: 'key', keyFile: keyFiles[0], hasPassphrase: false, ...(keyFiles.length > 1 ? { moreKeyFiles: keyFiles.slice(1) } : {}) } : { method: 'agent' },
    };
    const parsed = HostInput.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Skip(`${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
    }
    let jump = host.proxyJump;
    if (host.proxyCommand !== undefined) {
      // OpenSSH uses ProxyJump over ProxyCommand only when ProxyJump came first; -G prints whichever won.
      jump = proxyCommandAsJump(host.proxyCommand);
      if (jump === undefined) throw new Skip(`reached through ProxyCommand "${host.proxyCommand}": Atelier does not run a config's commands; give it a jump host instead`);
    }
    if (host.certificateFiles.length > 0) {
      warnings.push(`${name}: CertificateFile ${host.certificateFiles.join(', ')} is not used (ssh2 cannot present user certificates); the key itself must be accepted by the server.`);
    }
    return { candidate: parsed.data as Candidate, ...(jump ? { jump } : {}) };
  };

  usable.forEach((alias, i) => {
    try {
      entries.set(alias.name.toLowerCase(), entryFor(alias.name, resolved[i]!));
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      skipped.push({ name: alias.name, reason: error.message });
    }
  });

  /** The final jump host of an entry (its chain built as needed), null for a direct one. */
  const jumpOf = async (entry: Entry, depth: number): Promise<string | null> => {
    if (entry.resolvedJump !== undefined) return entry.resolvedJump;
    if (!entry.jump) return (entry.resolvedJump = null);
    if (depth > MAX_HOPS) throw new Skip(`its jump hosts go more than ${MAX_HOPS} deep or form a loop`);
    const hops = parseJumpList(entry.jump);
    if ('error' in hops) throw new Skip(hops.error);
    let previous: string | null = null;
    for (const [i, hop] of hops.entries()) previous = await hostFor(hop, i === 0 ? 'own' : previous, depth + 1);
    return (entry.resolvedJump = previous);
  };

  /**
   * The book or import entry that is this hop reached through `through` ('own': the hop's own jump host,
   * as OpenSSH connects the first hop of a list with that host's own config). Made when none fits.
   */
  const hostFor = async (hop: JumpHop, through: string | null | 'own', depth: number): Promise<string> => {
    const book = context.existing(hop.host);
    const mine = entries.get(hop.host.toLowerCase());
    if (!mine && book && (hop.user === undefined || hop.user === book.user) && (hop.port === undefined || hop.port === book.port)) {
      if (through === 'own' || (book.jumpHost ?? null)?.toLowerCase() === through?.toLowerCase()) return book.name;
    }
    const base = mine ? mine.candidate : undefined;
    const resolvedHop = base ? undefined : await resolver.resolve(hop.host);
    const address = base?.address ?? resolvedHop!.hostname;
    const user = hop.user ?? base?.user ?? (resolvedHop!.user || context.localUser);
    const port = hop.port ?? base?.port ?? resolvedHop!.port;
    const own = mine ?? (resolvedHop ? fresh(hop.host, resolvedHop) : undefined);
    const wantedJump = through === 'own' ? (own ? await jumpOf(own, depth) : null) : through;
    for (const entry of entries.values()) {
      const c = entry.candidate;
      if (c.address === address && c.port === port && c.user === user && (await jumpOf(entry, depth))?.toLowerCase() === wantedJump?.toLowerCase()) return c.name;
    }
    // No host fits: add one for this hop, named after it (and the jump host it goes through).
    const stem = `${hop.host}${through !== 'own' && wantedJump ? `-via-${wantedJump}` : ''}`.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
    let name = stem;
    for (let n = 2; taken(name); n++) name = `${stem}-${n}`;
    const template = mine ?? own;
    const candidate = { ...(template?.candidate ?? {}), name, address, port, user } as Candidate;
    delete candidate.jumpHost;
    if (!HostInput.safeParse(candidate).success) throw new Skip(`jump host "${hop.spec}" cannot be added (not a usable name or address)`);
    entries.set(name.toLowerCase(), { candidate, resolvedJump: wantedJump });
    warnings.push(`${name}: added for the jump host "${hop.spec}"${wantedJump ? ` (through ${wantedJump})` : ''}.`);
    return name;
  };

  const fresh = (name: string, host: ResolvedHost): Entry | undefined => {
    try {
      return entryFor(name, host);
    } catch {
      return undefined;
    }
  };

  for (const [key, entry] of [...entries.entries()]) {
    try {
      await jumpOf(entry, 0);
    } catch (error) {
      if (!(error instanceof Skip)) throw error;
      entries.delete(key);
      skipped.push({ name: entry.candidate.name, reason: error.message });
    }
  }

  // A host whose jump host was skipped cannot be added either (repeat: chains skip in cascade).
  let changed = true;
  while (changed) {
    changed = false;
    for (const [key, entry] of entries) {
      const jump = entry.resolvedJump;
      if (!jump || entries.has(jump.toLowerCase()) || context.existing(jump)) continue;
      entries.delete(key);
      skipped.push({ name: entry.candidate.name, reason: `its jump host "${jump}" is skipped` });
      changed = true;
    }
  }
  const toAdd = [...entries.values()].map((entry) => (entry.resolvedJump ? { ...entry.candidate, jumpHost: entry.resolvedJump } : entry.candidate));
  return { toAdd: orderJumpHostsFirst(toAdd), skipped, warnings };
}

function orderJumpHostsFirst(hosts: Candidate[]): Candidate[] {
  const byName = new Map(hosts.map((h) => [h.name.toLowerCase(), h]));
  const out: Candidate[] = [];
  const placed = new Set<string>();
  const place = (host: Candidate, depth: number) => {
    const key = host.name.toLowerCase();
    if (placed.has(key) || depth > hosts.length) return;
    const jump = host.jumpHost ? byName.get(host.jumpHost.toLowerCase()) : undefined;
    if (jump) place(jump, depth + 1);
    placed.add(key);
    out.push(host);
  };
  for (const host of hosts) place(host, 0);
  return out;
}
