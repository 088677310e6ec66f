import { spawnSync } from 'node:child_process';
import type { Logger } from '../log';
import type { SecretVault } from './vault';

/**
 * Where the operating system keeps a user's secrets. The vault keeps its key there, so it opens by itself
 * when the user's session does, and what it holds (the hub token, host passwords) outlives a restart with
 * no passphrase to type.
 */
export interface Keyring {
  /** Said to the user: "kept by the Secret Service". */
  readonly name: string;
  /** The key kept under `account`, or undefined when there is none. Throws when the keyring does not answer. */
  read(account: string): Buffer | undefined;
  write(account: string, key: Buffer): void;
}

const SECRET_TOOL = 'secret-tool';
/** A keyring that waits for a prompt nobody answers must not hold the app's start. */
const SECRET_TOOL_TIMEOUT_MS = 10_000;
const ATTRIBUTE = 'atelier-vault';

/**
 * The freedesktop Secret Service (GNOME Keyring, KWallet) through libsecret's `secret-tool`, on a desktop
 * session's D-Bus. Undefined where there is no session bus or no `secret-tool`: the vault then asks for a
 * passphrase, as before.
 */
export function secretServiceKeyring(env: NodeJS.ProcessEnv = process.env): Keyring | undefined {
  if (process.platform !== 'linux' || !env.DBUS_SESSION_BUS_ADDRESS) return undefined;
  const run = (args: string[], input?: string) => {
    const result = spawnSync(SECRET_TOOL, args, { env, input: input ?? '', encoding: 'utf8', timeout: SECRET_TOOL_TIMEOUT_MS });
    if (result.error) throw new Error(`${SECRET_TOOL}: ${result.error.message}`);
    return result;
  };
  // secret-tool has no --version: with no arguments it prints its usage, or fails to start where it is absent.
  if (spawnSync(SECRET_TOOL, [], { env, timeout: SECRET_TOOL_TIMEOUT_MS }).error) return undefined;
  return {
    name: 'Secret Service',
    read(account) {
      const result = run(['lookup', ATTRIBUTE, account]);
      // Not found is exit 1 with nothing said; a keyring that cannot answer says why on stderr.
      if (result.status === 1 && result.stderr.trim() === '') return undefined;
      if (result.status !== 0) throw new Error(`${SECRET_TOOL} lookup: ${result.stderr.trim() || `exit ${String(result.status)}`}`);
      const key = Buffer.from(result.stdout.trim(), 'base64');
      return key.length > 0 ? key : undefined;
    },
    write(account, key) {
      const result = run(['store', `--label=Atelier: the key of a secret vault`, ATTRIBUTE, account], key.toString('base64'));
      if (result.status !== 0) throw new Error(`${SECRET_TOOL} store: ${result.stderr.trim() || `exit ${String(result.status)}`}`);
    },
  };
}

/** Opens the vault with the keyring at start; a keyring that fails leaves it locked, said in the log. */
export function openVaultWithKeyring(vault: SecretVault, keyring: Keyring, log: Logger): void {
  try {
    const outcome = vault.openWithKeyring(keyring);
    log.info({ keyring: keyring.name, outcome }, 'secret vault and OS keyring');
  } catch (error) {
    log.warn({ err: error, keyring: keyring.name }, 'the secret vault could not be opened with the OS keyring; it stays locked');
  }
}
