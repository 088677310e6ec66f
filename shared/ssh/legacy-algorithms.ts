/**
 * Algorithms old gear still speaks (switches, NAS boxes, old appliances) that Atelier, like OpenSSH,
 * never offers by default: each is allowed for one host at a time, by name. The names are those of
 * ssh_config(5) and of ssh2's `algorithms` option; every one here is one ssh2 can run.
 */
export const LEGACY_ALGORITHMS = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1', 'diffie-hellman-group1-sha1'],
  serverHostKey: ['ssh-rsa', 'ssh-dss'],
  cipher: ['aes128-cbc', 'aes192-cbc', 'aes256-cbc', '3des-cbc'],
  hmac: ['hmac-sha1-96', 'hmac-md5', 'hmac-md5-96', 'hmac-sha2-256-96', 'hmac-sha2-512-96'],
} as const;

export type LegacyKind = keyof typeof LEGACY_ALGORITHMS;
export type LegacyAlgorithm = (typeof LEGACY_ALGORITHMS)[LegacyKind][number];

export const LEGACY_ALGORITHM_NAMES: readonly LegacyAlgorithm[] = Object.values(LEGACY_ALGORITHMS).flat();

/** What OpenSSH calls each kind, for messages that tell how to allow one (`KexAlgorithms +...`). */
export const OPENSSH_KEYWORD: Record<LegacyKind, string> = {
  kex: 'KexAlgorithms',
  serverHostKey: 'HostKeyAlgorithms',
  cipher: 'Ciphers',
  hmac: 'MACs',
};

export function legacyKindOf(name: string): LegacyKind | undefined {
  return (Object.keys(LEGACY_ALGORITHMS) as LegacyKind[]).find((kind) => (LEGACY_ALGORITHMS[kind] as readonly string[]).includes(name));
}

/** A host's allowed legacy names grouped as ssh2's `algorithms` option wants them (appended to the defaults). */
export function legacyAppend(names: readonly string[]): Partial<Record<LegacyKind, string[]>> {
  const out: Partial<Record<LegacyKind, string[]>> = {};
  for (const name of names) {
    const kind = legacyKindOf(name);
    if (kind) (out[kind] ??= []).push(name);
  }
  return out;
}
