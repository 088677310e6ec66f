import { hostLineMatches, splitWords, type SshConfigBlock } from './ssh-config';
import type { HostResolver, ResolvedHost } from './resolved-host';

/** Keywords OpenSSH accumulates instead of keeping the first value. */
const CUMULATIVE = new Set(['identityfile', 'certificatefile']);
const ALGORITHM_KEYS = new Set(['hostkeyalgorithms', 'kexalgorithms', 'ciphers', 'macs']);

/**
 * The fallback where no OpenSSH client is installed: Host blocks only (Match blocks are not evaluated),
 * first value wins, IdentityFile and CertificateFile accumulate, `%h` and `%%` in HostName.
 */
export function parserResolver(blocks: readonly SshConfigBlock[], localUser: string): HostResolver {
  return {
    kind: 'parser',
    async resolve(alias) {
      const first = new Map<string, string>();
      const many = new Map<string, string[]>();
      const algorithms: string[] = [];
      for (const block of blocks) {
        const applies = block.kind === 'global' || (block.kind === 'host' && hostLineMatches(block.patterns, alias));
        if (!applies) continue;
        for (const option of block.options) {
          const word = splitWords(option.value)[0] ?? '';
          // OpenSSH registers a file named twice only once.
          if (CUMULATIVE.has(option.key)) many.set(option.key, [...new Set([...(many.get(option.key) ?? []), word])]);
          else if (!first.has(option.key)) {
            first.set(option.key, option.key === 'proxycommand' ? option.value : word);
            // `+a,b` appends to the defaults; a plain list replaces them: either way these names are asked for.
            if (ALGORITHM_KEYS.has(option.key) && !word.startsWith('-')) algorithms.push(...word.replace(/^[+^]/, '').split(',').filter(Boolean));
          }
        }
      }
      const hostname = (first.get('hostname') ?? alias).replace(/%(.)/g, (whole, key: string) => (key === 'h' ? alias : key === '%' ? '%' : whole));
      const jump = first.get('proxyjump');
      const command = first.get('proxycommand');
      const resolved: ResolvedHost = {
        hostname,
        port: first.has('port') ? Number(first.get('port')) : 22,
        user: first.get('user') ?? localUser,
        identityFiles: (many.get('identityfile') ?? []).filter((f) => f.toLowerCase() !== 'none'),
        certificateFiles: (many.get('certificatefile') ?? []).filter((f) => f.toLowerCase() !== 'none'),
        extraAlgorithms: algorithms,
      };
      if (jump && jump.toLowerCase() !== 'none') resolved.proxyJump = jump;
      if (command && command.toLowerCase() !== 'none') resolved.proxyCommand = command;
      return resolved;
    },
  };
}
