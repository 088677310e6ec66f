import { AtelierError } from '../../../shared/contract/errors';
import { HostInput, HostName, type ConfigImportPreview, type Host } from '../../../shared/contract/ssh';
import type { Database } from '../db/open';
import { builtinSshConfigParser, hostLineMatches, splitWords, type SshConfigBlock, type SshConfigParser } from './ssh-config';
import type { HostStore } from './store';

export interface ConfigImportContext {
  /** Hosts already in the book (their names are skipped, and they can serve as jump hosts). */
  existing: (name: string) => Host | undefined;
  home: string;
  localUser: string;
  parser?: SshConfigParser;
}

type Candidate = ConfigImportPreview['toAdd'][number];

const WILDCARD = /[*?!]/;

/** What importing this `~/.ssh/config` text would add to the host book, and what it would skip and why. */
export function previewConfigImport(text: string, context: ConfigImportContext): ConfigImportPreview {
  const blocks = (context.parser ?? builtinSshConfigParser).parse(text);
  const warnings: string[] = [];
  const skipped: ConfigImportPreview['skipped'] = [];
  const toAdd: Candidate[] = [];

  for (const block of blocks) {
    if (block.kind === 'match') warnings.push(`line ${block.line}: "Match ${block.patterns[0] ?? ''}" blocks are not evaluated; their options were ignored.`);
    for (const option of block.options) {
      if (option.key === 'include') warnings.push(`line ${option.line}: "Include ${option.value}" was not followed; import that file separately.`);
    }
  }

  const aliases: { name: string; line: number }[] = [];
  for (const block of blocks) {
    if (block.kind !== 'host') continue;
    for (const pattern of block.patterns) {
      if (WILDCARD.test(pattern)) continue;
      if (!aliases.some((a) => a.name.toLowerCase() === pattern.toLowerCase())) aliases.push({ name: pattern, line: block.line });
    }
  }
  const aliasNames = new Set(aliases.map((a) => a.name.toLowerCase()));

  for (const alias of aliases) {
    if (!HostName.safeParse(alias.name).success) {
      skipped.push({ name: alias.name, reason: `line ${alias.line}: not a usable host name (letters, digits, . _ - only)` });
      continue;
    }
    if (context.existing(alias.name)) {
      skipped.push({ name: alias.name, reason: 'already in the host book' });
      continue;
    }
    const options = effectiveOptions(blocks, alias.name);
    const hostName = expandTokens(options.get('hostname') ?? alias.name, { h: alias.name, d: context.home, u: context.localUser, r: '' });
    const user = options.get('user') ?? context.localUser;
    const port = options.has('port') ? Number(options.get('port')) : 22;
    const identity = options.get('identityfile');
    const candidate: Record<string, unknown> = {
      name: alias.name,
      address: hostName,
      port,
      user,
      auth: identity
        ? { method: 'key', keyFile: expandPath(identity, { h: hostName, d: context.home, u: context.localUser, r: user }), hasPassphrase: false }
        : { method: 'agent' },
    };
    const jump = options.get('proxyjump');
    if (jump && jump.toLowerCase() !== 'none') {
      const hops = jump.split(',');
      if (hops.length > 1) {
        skipped.push({ name: alias.name, reason: `ProxyJump with ${hops.length} hops: add the chain by hand (one jump host per host)` });
        continue;
      }
      const target = /^(?:[^@]+@)?([^:]+)(?::\d+)?$/.exec(hops[0] ?? '')?.[1] ?? '';
      const known = context.existing(target)?.name ?? (aliasNames.has(target.toLowerCase()) ? aliases.find((a) => a.name.toLowerCase() === target.toLowerCase())?.name : undefined);
      if (!known) {
        skipped.push({ name: alias.name, reason: `jump host "${target}" is neither in the host book nor a Host in this file` });
        continue;
      }
      if (hops[0] !== target) warnings.push(`${alias.name}: ProxyJump "${hops[0]}" uses the user/port of host "${known}" from the book.`);
      candidate.jumpHost = known;
    }
    const parsed = HostInput.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ name: alias.name, reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
      continue;
    }
    const { ...host } = parsed.data;
    toAdd.push(host as Candidate);
  }

  // A host whose jump host was skipped cannot be added either.
  const addable = new Set(toAdd.map((h) => h.name.toLowerCase()));
  const result = toAdd.filter((h) => {
    if (h.jumpHost === undefined || addable.has(h.jumpHost.toLowerCase()) || context.existing(h.jumpHost)) return true;
    skipped.push({ name: h.name, reason: `its jump host "${h.jumpHost}" is skipped` });
    return false;
  });
  return { toAdd: orderJumpHostsFirst(result), skipped, warnings };
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

/** OpenSSH semantics: for each keyword the first value found in a matching block wins. */
function effectiveOptions(blocks: readonly SshConfigBlock[], alias: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const block of blocks) {
    const applies = block.kind === 'global' || (block.kind === 'host' && hostLineMatches(block.patterns, alias));
    if (!applies) continue;
    for (const option of block.options) {
      if (!options.has(option.key)) options.set(option.key, splitWords(option.value)[0] ?? '');
    }
  }
  return options;
}

function expandTokens(value: string, tokens: Record<string, string>): string {
  return value.replace(/%(.)/g, (whole, key: string) => (key === '%' ? '%' : (tokens[key] ?? whole)));
}

function expandPath(value: string, tokens: Record<string, string>): string {
  const expanded = expandTokens(value, tokens);
  return expanded === '~' ? tokens.d ?? expanded : expanded.startsWith('~/') ? `${tokens.d}${expanded.slice(1)}` : expanded;
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
