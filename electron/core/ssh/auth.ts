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
      let data: Buffer;
      try {
        data = readFileSync(auth.keyFile);
      } catch (error) {
        throw new SshError('auth', `${host.name}: cannot read the key file ${auth.keyFile} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
          host: host.name,
        });
      }
      const passphrase = context.credentials?.passphrase ?? (auth.hasPassphrase ? context.secrets?.get(secretNames.keyPassphrase(host.name)) : undefined);
      const parsed = ssh2.utils.parseKey(data, passphrase);
      if (parsed instanceof Error) {
        const encrypted = /encrypted|passphrase/i.test(parsed.message);
        const why = encrypted
          ? passphrase === undefined
            ? 'it is protected by a passphrase and none was given'
            : 'the passphrase is wrong'
          : `it is not a private key ssh2 can read (${parsed.message})`;
        throw new SshError('auth', `${host.name}: cannot use the key file ${auth.keyFile}: ${why}.`, { host: host.name });
      }
      return [
        {
          label: `publickey (${auth.keyFile})`,
          method: 'publickey',
          build: (username) => ({ type: 'publickey', username, key: data, passphrase }),
        },
      ];
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
