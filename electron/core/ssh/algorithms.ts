// ssh2 is CommonJS: plain Node's ESM loader only sees its default export.
import ssh2, { type ConnectConfig } from 'ssh2';
import type { Duplex } from 'node:stream';
import type { Host } from '../../../shared/contract/ssh';
import { LEGACY_ALGORITHMS, OPENSSH_KEYWORD, legacyAppend, type LegacyKind } from '../../../shared/ssh/legacy-algorithms';
import { SshError } from './errors';

/** Host key algorithms offered by default; `ssh-rsa` (SHA-1 signatures) only where a host allows it, as OpenSSH. */
const DEFAULT_HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256'];

/** What Atelier offers with no legacy name allowed (ssh2's defaults, host keys as above). */
const MODERN: Record<LegacyKind, readonly string[]> = {
  kex: [
    'curve25519-sha256',
    'curve25519-sha256@libssh.org',
    'ecdh-sha2-nistp256',
    'ecdh-sha2-nistp384',
    'ecdh-sha2-nistp521',
    'diffie-hellman-group-exchange-sha256',
    'diffie-hellman-group14-sha256',
    'diffie-hellman-group15-sha512',
    'diffie-hellman-group16-sha512',
    'diffie-hellman-group17-sha512',
    'diffie-hellman-group18-sha512',
  ],
  serverHostKey: DEFAULT_HOST_KEY_ALGORITHMS,
  cipher: ['aes128-gcm@openssh.com', 'aes256-gcm@openssh.com', 'aes128-ctr', 'aes192-ctr', 'aes256-ctr', 'chacha20-poly1305@openssh.com'],
  hmac: ['hmac-sha2-256-etm@openssh.com', 'hmac-sha2-512-etm@openssh.com', 'hmac-sha1-etm@openssh.com', 'hmac-sha2-256', 'hmac-sha2-512', 'hmac-sha1'],
};

/** ssh2's `algorithms` for a host: modern defaults, then the legacy names this host allows, appended. */
export function algorithmsFor(host: Host, pinnedTypes: readonly string[]): NonNullable<ConnectConfig['algorithms']> {
  const legacy = legacyAppend(host.legacyAlgorithms ?? []);
  // Ask first for the key types already pinned, so a server with several keys shows the one we know.
  const wanted = new Set<string>(pinnedTypes.flatMap((t) => (t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t])));
  const hostKeys = [...DEFAULT_HOST_KEY_ALGORITHMS, ...(legacy.serverHostKey ?? [])].sort((a, b) => Number(wanted.has(b)) - Number(wanted.has(a)));
  const algorithms: NonNullable<ConnectConfig['algorithms']> = { serverHostKey: hostKeys as never };
  if (legacy.kex) algorithms.kex = { append: legacy.kex } as never;
  if (legacy.cipher) algorithms.cipher = { append: legacy.cipher } as never;
  if (legacy.hmac) algorithms.hmac = { append: legacy.hmac } as never;
  return algorithms;
}

/** ssh2's refusal when client and server share no algorithm of a kind. */
const NO_MATCH = /^Handshake failed: no matching (key exchange algorithm|host key format|[CS]->[CS] cipher|[CS]->[CS] MAC)/;

export function isNegotiationFailure(error: unknown): boolean {
  return NO_MATCH.test((error as Error | undefined)?.message ?? '');
}

export type ServerOffer = Partial<Record<LegacyKind, string[]>>;

const REMOTE_LINE: [RegExp, LegacyKind][] = [
  [/^Handshake: \(remote\) KEX method: (.*)$/, 'kex'],
  [/^Handshake: \(remote\) Host key format: (.*)$/, 'serverHostKey'],
  [/^Handshake: \(remote\) C->S cipher: (.*)$/, 'cipher'],
  [/^Handshake: \(remote\) C->S MAC: (.*)$/, 'hmac'],
];

/**
 * What the server offers, read from its key exchange: a second handshake that also offers every legacy
 * algorithm ssh2 knows and hangs up at the host key check, before any authentication (nothing is sent
 * but the client's own offer). ssh2 names the server's lists only in its debug output.
 */
export async function probeServerOffer(target: { host: string; port: number } | { sock: Duplex }, timeoutMs: number): Promise<ServerOffer> {
  const offer: ServerOffer = {};
  const client = new ssh2.Client();
  return await new Promise<ServerOffer>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.end();
      resolve(offer);
    };
    const timer = setTimeout(done, timeoutMs);
    client.on('error', done);
    client.on('close', done);
    const config: ConnectConfig = {
      ...('sock' in target ? { sock: target.sock as never } : { host: target.host, port: target.port }),
      username: 'atelier-probe',
      readyTimeout: timeoutMs,
      hostVerifier: () => false,
      algorithms: {
        kex: { append: [...LEGACY_ALGORITHMS.kex] } as never,
        serverHostKey: { append: [...LEGACY_ALGORITHMS.serverHostKey] } as never,
        cipher: { append: [...LEGACY_ALGORITHMS.cipher] } as never,
        hmac: { append: [...LEGACY_ALGORITHMS.hmac] } as never,
      },
      debug: (line: string) => {
        for (const [pattern, kind] of REMOTE_LINE) {
          const m = pattern.exec(line);
          if (m) offer[kind] = (m[1] ?? '').split(',').filter(Boolean);
        }
      },
    };
    try {
      client.connect(config);
    } catch {
      done();
    }
  });
}

const KIND_LABEL: Record<LegacyKind, string> = { kex: 'key exchange', serverHostKey: 'host key', cipher: 'cipher', hmac: 'MAC' };

/** The refusal a technician can act on: what the server offers, and which names to allow for this host. */
export function legacyRefusal(host: Host, where: string, offer: ServerOffer, cause: unknown): SshError {
  const allowed = new Set(host.legacyAlgorithms ?? []);
  const kinds = Object.keys(LEGACY_ALGORITHMS) as LegacyKind[];
  const offered = kinds.filter((k) => offer[k]).map((k) => `${KIND_LABEL[k]} ${offer[k]!.join(', ')}`);
  const needed = kinds.flatMap((kind) => {
    const server = offer[kind] ?? [];
    const legacy = LEGACY_ALGORITHMS[kind] as readonly string[];
    // Only where the server offers nothing Atelier already accepts for this kind.
    const acceptable = server.some((name) => MODERN[kind].includes(name) || allowed.has(name as never));
    if (server.length === 0 || acceptable) return [];
    const pick = server.find((name) => legacy.includes(name));
    return pick ? [{ kind, name: pick }] : [];
  });
  const serverSays = offered.length > 0 ? ` The server offers: ${offered.join('; ')}.` : '';
  const message =
    needed.length > 0
      ? `${host.name}: ${where} only speaks legacy algorithms, which Atelier (like OpenSSH) does not use unless a host allows them.${serverSays} ` +
        `To connect to this host anyway, allow for it only: ${needed.map((n) => n.name).join(', ')} ` +
        `(host editor, "Legacy algorithms"; or \`atelier hosts add --legacy ${needed.map((n) => n.name).join(',')}\`; ` +
        `OpenSSH: ${needed.map((n) => `${OPENSSH_KEYWORD[n.kind]} +${n.name}`).join(', ')}).`
      : `${host.name}: ${where} and Atelier share no SSH algorithm (${(cause as Error).message}).${serverSays}`;
  return new SshError('algorithms', message, { host: host.name, cause, ...(needed.length > 0 ? { algorithmsNeeded: needed.map((n) => n.name) } : {}) });
}
