import { splitWords } from './ssh-config';

/** The values of ssh_config(5)'s TOKENS for one host. */
export interface TokenValues {
  home: string;
  localUser: string;
  localHost: string;
  uid: string;
  alias: string;
  hostname: string;
  port: number;
  user: string;
}

/**
 * Expands `~` and the %-tokens OpenSSH allows in IdentityFile and CertificateFile. Returns an error naming
 * the token when the path uses one Atelier cannot know (`%C`, `%j`, ...), instead of a wrong path.
 */
export function expandPathTokens(value: string, v: TokenValues): { path: string } | { error: string } {
  const table: Record<string, string> = {
    '%': '%',
    d: v.home,
    u: v.localUser,
    L: v.localHost.split('.')[0] ?? v.localHost,
    l: v.localHost,
    i: v.uid,
    h: v.hostname,
    k: v.hostname,
    n: v.alias,
    p: String(v.port),
    r: v.user,
  };
  let unknown: string | undefined;
  const expanded = value.replace(/%(.)/g, (whole, key: string) => {
    const found = table[key];
    if (found === undefined) unknown ??= whole;
    return found ?? whole;
  });
  if (unknown) return { error: `the path ${value} uses ${unknown}, a token Atelier cannot expand` };
  const path = expanded === '~' ? v.home : expanded.startsWith('~/') ? `${v.home}${expanded.slice(1)}` : expanded;
  return { path };
}

/** One hop of a ProxyJump list: `[user@]host[:port]` or `ssh://[user@]host[:port]`. */
export interface JumpHop {
  spec: string;
  host: string;
  user?: string;
  port?: number;
}

export function parseJumpList(value: string): JumpHop[] | { error: string } {
  const hops: JumpHop[] = [];
  for (const spec of value.split(',').map((s) => s.trim())) {
    const m = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s/]+)(?::(\d+))?\/?$/.exec(spec);
    if (!m || !m[2] || m[2].startsWith('-')) return { error: `ProxyJump hop "${spec}" is not [user@]host[:port]` };
    const hop: JumpHop = { spec, host: m[2].replace(/^\[|\]$/g, '') };
    if (m[1]) hop.user = m[1];
    if (m[3]) hop.port = Number(m[3]);
    hops.push(hop);
  }
  return hops;
}

/**
 * A ProxyCommand that only opens `ssh -W %h:%p` through another host is exactly a ProxyJump through it;
 * returns that hop (`user@host:port`), or undefined for any other command.
 */
export function proxyCommandAsJump(command: string): string | undefined {
  const words = splitWords(command);
  if (!/(^|\/)ssh(\.exe)?$/.test(words[0] ?? '')) return undefined;
  let host: string | undefined;
  let user: string | undefined;
  let port: string | undefined;
  let forwards = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (word === '-q') continue;
    if (word === '-W') {
      forwards = /^(%h|\[%h\]):%p$/.test(words[++i] ?? '');
      if (!forwards) return undefined;
    } else if (word === '-l') user = words[++i];
    else if (word === '-p') port = words[++i];
    else if (word.startsWith('-') || host !== undefined) return undefined;
    else host = word;
  }
  if (!forwards || !host || (port !== undefined && !/^\d+$/.test(port))) return undefined;
  return `${user && !host.includes('@') ? `${user}@` : ''}${host}${port ? `:${port}` : ''}`;
}
