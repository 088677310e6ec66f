import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { devNull } from 'node:os';
import { delimiter, join } from 'node:path';
import { AtelierError } from '../../../shared/contract/errors';
import type { HostResolver, ResolvedHost } from './resolved-host';

const ALGORITHM_KEYS = ['hostkeyalgorithms', 'kexalgorithms', 'ciphers', 'macs'] as const;

/** The OpenSSH client on PATH (`ssh`, `ssh.exe` on Windows), or undefined where none is installed. */
export function findSshClient(path = process.env.PATH ?? ''): string | undefined {
  const names = process.platform === 'win32' ? ['ssh.exe'] : ['ssh'];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

type Printed = Map<string, string[]>;

/**
 * `ssh -G -F FILE -- NAME`: the configuration OpenSSH itself would use for NAME. `Match exec` would run
 * the file's commands on this machine; with SHELL pointing at `false` every such condition is false and
 * nothing runs (OpenSSH starts `Match exec` commands through $SHELL). ProxyCommand and LocalCommand are
 * never run by `-G`.
 */
async function printConfig(ssh: string, file: string, name: string, shownAs: string): Promise<Printed> {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      ssh,
      ['-G', '-F', file, '--', name],
      { env: { ...process.env, SHELL: process.platform === 'win32' ? (process.env.SHELL ?? '') : '/bin/false' }, timeout: 15_000, maxBuffer: 1 << 20, windowsHide: true },
      (error, out, err) => {
        if (!error) return resolve(out);
        const lines = String(err)
          .split(/\r?\n/)
          .filter((line) => line.trim() !== '' && !/^Pseudo-terminal will not be allocated/.test(line))
          .filter((line) => !/terminating, \d+ bad configuration options/.test(line))
          .map((line) => line.split(`${file}: `).join('').split(file).join(shownAs));
        reject(new AtelierError('invalid_input', `OpenSSH refuses ${shownAs}: ${lines.join('; ') || error.message}`, 'text'));
      },
    );
  });
  const printed: Printed = new Map();
  for (const line of stdout.split(/\r?\n/)) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space).toLowerCase();
    const values = printed.get(key) ?? [];
    values.push(line.slice(space + 1));
    printed.set(key, values);
  }
  return printed;
}

const first = (printed: Printed, key: string): string | undefined => printed.get(key)?.[0];
const list = (printed: Printed, key: string): string[] => (first(printed, key) ?? '').split(',').filter(Boolean);

/** Resolves hosts with the installed OpenSSH client, so Include, Match and tokens mean what they mean to `ssh`. */
export function openSshResolver(ssh: string, file: string, shownAs: string): HostResolver {
  let defaults: Promise<Printed> | undefined;
  const cache = new Map<string, Promise<ResolvedHost>>();
  const resolveOne = async (name: string): Promise<ResolvedHost> => {
    defaults ??= printConfig(ssh, devNull, 'atelier-defaults', 'an empty config');
    const [printed, base] = await Promise.all([printConfig(ssh, file, name, shownAs), defaults]);
    // `-G` prints the default key list when no IdentityFile applies: that means "no key configured".
    const identities = printed.get('identityfile') ?? [];
    const defaultIdentities = base.get('identityfile') ?? [];
    const configured = identities.length === defaultIdentities.length && identities.every((f, i) => f === defaultIdentities[i]) ? [] : identities;
    const extra = ALGORITHM_KEYS.flatMap((key) => {
      const known = new Set(list(base, key));
      return list(printed, key).filter((name) => !known.has(name));
    });
    const proxyJump = first(printed, 'proxyjump');
    const proxyCommand = first(printed, 'proxycommand');
    return {
      hostname: first(printed, 'hostname') ?? name,
      port: Number(first(printed, 'port') ?? 22),
      user: first(printed, 'user') ?? '',
      identityFiles: configured.filter((f) => f.toLowerCase() !== 'none'),
      certificateFiles: (printed.get('certificatefile') ?? []).filter((f) => f.toLowerCase() !== 'none'),
      ...(proxyJump && proxyJump.toLowerCase() !== 'none' ? { proxyJump } : {}),
      ...(proxyCommand && proxyCommand.toLowerCase() !== 'none' ? { proxyCommand } : {}),
      extraAlgorithms: [...new Set(extra)],
    };
  };
  return {
    kind: 'openssh',
    resolve(name) {
      let found = cache.get(name);
      if (!found) {
        found = resolveOne(name);
        cache.set(name, found);
      }
      return found;
    },
  };
}
