import { readFileSync } from 'node:fs';
// ssh2 is CommonJS: plain Node's ESM loader only sees its default export.
import ssh2, { type AuthenticationType } from 'ssh2';
import type { Host } from '../../../shared/contract/ssh';
import { secretNames, type SecretSource } from '../secrets/vault';
import { SshError } from './errors';

/** Secrets typed for this one connection (CLI prompt, "connect" dialog); never stored by this module. */
export interface OneShotCredentials {
  password?: string;
  passphrase?: string;
  /** Answers keyboard-interactive prompts; defaults to answering every hidden prompt with the password. */
  keyboardInteractive?: (prompts: { prompt: string; echo: boolean }[]) => Promise<string[]>;
}

export interface AuthContext {
  secrets?: SecretSource;
  agentSocket?: string;
  credentials?: OneShotCredentials;
}

/** One attempt to hand to ssh2's authHandler, with a label for "methods tried". */
export interface AuthAttempt {
  label: string;
  method: AuthenticationType;
  build: (username: string) => Record<string, unknown>;
}

/** The attempts for a host's configured method, prepared before connecting so setup errors are clear. */
export function authAttempts(host: Host, context: AuthContext): AuthAttempt[] {
  const auth = host.auth;
  switch (auth.method) {
    case 'agent': {
      const agent = context.agentSocket ?? process.env.SSH_AUTH_SOCK;
      if (!agent) {
        throw new SshError('auth', `${host.name}: uses the SSH agent, but no agent is running here (SSH_AUTH_SOCK is not set).`, {
          host: host.name,
        });
      }
      return [{ label: 'publickey (SSH agent)', method: 'agent', build: (username) => ({ type: 'agent', username, agent }) }];
    }
    case 'key': {
      const passphrase = context.credentials?.passphrase ?? (auth.hasPassphrase ? context.secrets?.get(secretNames.keyPassphrase(host.name)) : undefined);
      const files = [auth.keyFile, ...(auth.moreKeyFiles ?? [])];
      const attempts: AuthAttempt[] = [];
      const problems: SshError[] = [];
      for (const file of files) {
        const loaded = loadKey(host.name, file, passphrase);
        if (loaded instanceof SshError) {
          problems.push(loaded);
          continue;
        }
        attempts.push({ label: `publickey (${file})`, method: 'publickey', build: (username) => ({ type: 'publickey', username, key: loaded, passphrase }) });
      }
      // Like OpenSSH, a key that cannot be used is passed over while another one of the host can.
      if (attempts.length === 0) {
        if (problems.length === 1) throw problems[0]!;
        throw new SshError('auth', `${host.name}: none of its ${files.length} key files can be used: ${problems.map((p) => p.message.replace(`${host.name}: `, '')).join(' ')}`, {
          host: host.name,
        });
      }
      return attempts;
    }
    case 'password': {
      const password = context.credentials?.password ?? context.secrets?.get(secretNames.password(host.name));
      if (password === undefined) {
        throw new SshError('auth', `${host.name}: uses a password, but none is stored or was given.`, { host: host.name });
      }
      return [{ label: 'password', method: 'password', build: (username) => ({ type: 'password', username, password }) }];
    }
    case 'keyboard-interactive': {
      const password = context.credentials?.password ?? context.secrets?.get(secretNames.password(host.name));
      const answer =
        context.credentials?.keyboardInteractive ??
        (async (prompts: { prompt: string; echo: boolean }[]) => prompts.map((p) => (p.echo ? '' : (password ?? ''))));
      return [
        {
          label: 'keyboard-interactive',
          method: 'keyboard-interactive',
          build: (username) => ({
            type: 'keyboard-interactive',
            username,
            prompt: (_name: string, _instructions: string, _lang: string, prompts: { prompt: string; echo: boolean }[], finish: (answers: string[]) => void) => {
              answer(prompts).then(finish, () => finish([]));
            },
          }),
        },
      ];
    }
  }
}

/** A private key file's bytes, or why it cannot be used (unreadable, passphrase missing or wrong, not a key). */
function loadKey(hostName: string, keyFile: string, passphrase: string | undefined): Buffer | SshError {
  let data: Buffer;
  try {
    data = readFileSync(keyFile);
  } catch (error) {
    return new SshError('auth', `${hostName}: cannot read the key file ${keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { host: hostName });
  }
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (parsed instanceof Error) {
    const encrypted = /encrypted|passphrase/i.test(parsed.message);
    const why = encrypted
      ? passphrase === undefined
        ? 'it is protected by a passphrase and none was given'
        : 'the passphrase is wrong'
      : `it is not a private key ssh2 can read (${parsed.message})`;
    return new SshError('auth', `${hostName}: cannot use the key file ${keyFile}: ${why}.`, { host: hostName });
  }
  return data;
}
