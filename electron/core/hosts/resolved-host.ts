/** What one Host alias of a config means once every block, Include and Match that applies is folded in. */
export interface ResolvedHost {
  hostname: string;
  port: number;
  user: string;
  /** Every IdentityFile in order, as written (tokens and `~` not expanded); empty when none is configured. */
  identityFiles: string[];
  certificateFiles: string[];
  /** Raw ProxyJump value (`a,user@b:2222`), absent when none or `none`. */
  proxyJump?: string;
  /** Raw ProxyCommand, absent when none or `none`. */
  proxyCommand?: string;
  /** Algorithm names the config enables beyond the client's defaults (HostKeyAlgorithms, KexAlgorithms, Ciphers, MACs). */
  extraAlgorithms: string[];
}

export interface HostResolver {
  /** `ssh -G` or the built-in parser. */
  readonly kind: 'openssh' | 'parser';
  resolve(name: string): Promise<ResolvedHost>;
}

/** Runs `task` over `items` with at most `limit` at once, keeping the order of the results. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
