import { AtelierError } from '../../../shared/contract/errors';
import type { Database } from '../db/open';
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_SCRYPT, KeyBox, newScryptParams, PassphraseBox, type ScryptParams, type SecretBox } from './box';
import type { Keyring } from './keyring';

const CHECK_PLAIN = Buffer.from('atelier-vault-check-v1');
const KEYRING_KIND = 'keyring-aes-256-gcm';

/** What opening with the OS keyring did: made a new vault, opened this one, or left a passphrase vault alone. */
export type KeyringOutcome = 'created' | 'opened' | 'passphrase';

export interface VaultStatus {
  initialized: boolean;
  unlocked: boolean;
  /** The OS keyring that keeps the key, for a vault that opens without a passphrase. */
  keyring?: string;
}

/** Read side used by SSH sessions: a secret is fetched at the moment it is needed, never cached elsewhere. */
export interface SecretSource {
  get(name: string): string | undefined;
}

/**
 * Passwords and key passphrases, encrypted at rest in the store. Values go in with `set` and come out only
 * to core code through `get` (never through the contract, never into a log).
 */
export class SecretVault implements SecretSource {
  private box: SecretBox | undefined;

  constructor(
    private readonly db: Database,
    private readonly scryptCost: { N: number; r: number; p: number } = DEFAULT_SCRYPT,
  ) {}

  status(): VaultStatus {
    const meta = this.meta();
    const keyring = meta?.kind === KEYRING_KIND ? keyringParams(meta.params).keyring : undefined;
    return { initialized: meta !== undefined, unlocked: this.box !== undefined, ...(keyring ? { keyring } : {}) };
  }

  /**
   * Opens the vault with a key the OS keyring keeps: a store with no vault yet gets one with a new random key
   * (written to the keyring first); a vault made that way is opened with its key. A vault protected by a
   * passphrase is left alone (its owner chose to type it). Throws when the keyring does not answer or lost
   * the key: the vault then stays locked, nothing in it is lost.
   */
  openWithKeyring(keyring: Keyring): KeyringOutcome {
    const meta = this.meta();
    if (meta && meta.kind !== KEYRING_KIND) return 'passphrase';
    if (!meta) {
      const account = randomUUID();
      const key = randomBytes(32);
      keyring.write(account, key);
      const box = new KeyBox(KEYRING_KIND, key);
      key.fill(0);
      this.db
        .prepare('INSERT INTO secret_vault (id, kind, params, check_value) VALUES (1, ?, ?, ?)')
        .run(box.kind, JSON.stringify({ keyring: keyring.name, account }), box.seal(CHECK_PLAIN));
      this.replaceBox(box);
      return 'created';
    }
    const { account } = keyringParams(meta.params);
    const key = keyring.read(account);
    if (!key) throw new AtelierError('unavailable', `The secret vault's key is no longer in the ${keyring.name} (entry ${account}): the vault stays locked.`);
    const box = new KeyBox(KEYRING_KIND, key);
    key.fill(0);
    this.verify(box, meta.check_value, `The key in the ${keyring.name} (entry ${account}) does not open this vault: it stays locked.`);
    this.replaceBox(box);
    return 'opened';
  }

  /** Unlocks with the passphrase; the first unlock creates the vault with it. */
  unlock(passphrase: string): void {
    if (passphrase.length === 0) throw new AtelierError('invalid_input', 'passphrase: must not be empty', 'passphrase');
    const meta = this.meta();
    if (!meta) {
      const params = newScryptParams(this.scryptCost);
      const box = new PassphraseBox(passphrase, params);
      this.db
        .prepare('INSERT INTO secret_vault (id, kind, params, check_value) VALUES (1, ?, ?, ?)')
        .run(box.kind, JSON.stringify(params), box.seal(CHECK_PLAIN));
      this.replaceBox(box);
      return;
    }
    if (meta.kind === KEYRING_KIND) {
      throw new AtelierError('unavailable', `The secret vault is opened by the ${keyringParams(meta.params).keyring} of this session, not by a passphrase.`);
    }
    if (meta.kind !== 'scrypt-aes-256-gcm') {
      throw new AtelierError('unavailable', `The secret vault is protected by ${meta.kind}, not by a passphrase.`);
    }
    const box = new PassphraseBox(passphrase, JSON.parse(meta.params) as ScryptParams);
    this.verify(box, meta.check_value);
    this.replaceBox(box);
  }

  /** Unlocks with another box (Electron safeStorage); the first use creates the vault for it. */
  unlockWith(box: SecretBox): void {
    const meta = this.meta();
    if (!meta) {
      this.db
        .prepare('INSERT INTO secret_vault (id, kind, params, check_value) VALUES (1, ?, ?, ?)')
        .run(box.kind, '{}', box.seal(CHECK_PLAIN));
    } else {
      if (meta.kind !== box.kind) throw new AtelierError('unavailable', `The secret vault is protected by ${meta.kind}, not ${box.kind}.`);
      this.verify(box, meta.check_value);
    }
    this.replaceBox(box);
  }

  lock(): void {
    this.replaceBox(undefined);
  }

  set(name: string, value: string): void {
    const sealed = this.requireBox().seal(Buffer.from(value, 'utf8'));
    this.db
      .prepare(
        `INSERT INTO secrets (name, ciphertext, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(name, sealed, new Date().toISOString());
  }

  get(name: string): string | undefined {
    const row = this.db.prepare('SELECT ciphertext FROM secrets WHERE name = ?').get(name) as { ciphertext: Buffer } | undefined;
    if (!row) return undefined;
    try {
      return this.requireBox().open(row.ciphertext).toString('utf8');
    } catch (error) {
      if (error instanceof AtelierError) throw error;
      throw new AtelierError('internal', `The secret "${name}" cannot be decrypted: it was damaged or sealed by another vault.`);
    }
  }

  has(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE name = ?').pluck().get(name) !== undefined;
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name).changes > 0;
  }

  /** Renames every secret under a prefix (a host renamed keeps its password). */
  renamePrefix(from: string, to: string): void {
    this.db
      .prepare("UPDATE secrets SET name = ? || substr(name, ?) WHERE substr(name, 1, ?) = ?")
      .run(to, from.length + 1, from.length, from);
  }

  private meta(): { kind: string; params: string; check_value: Buffer } | undefined {
    return this.db.prepare('SELECT kind, params, check_value FROM secret_vault WHERE id = 1').get() as
      | { kind: string; params: string; check_value: Buffer }
      | undefined;
  }

  private verify(box: SecretBox, check: Buffer, refusal = 'Wrong passphrase: the secret vault stays locked.'): void {
    let ok = false;
    try {
      ok = box.open(check).equals(CHECK_PLAIN);
    } catch {
      ok = false;
    }
    if (!ok) {
      box.dispose();
      throw new AtelierError('unauthorized', refusal);
    }
  }

  private replaceBox(box: SecretBox | undefined): void {
    this.box?.dispose();
    this.box = box;
  }

  private requireBox(): SecretBox {
    if (!this.box) throw new AtelierError('forbidden', 'The secret vault is locked: unlock it with its passphrase first.');
    return this.box;
  }
}

function keyringParams(params: string): { keyring: string; account: string } {
  const parsed = JSON.parse(params) as { keyring?: unknown; account?: unknown };
  return { keyring: typeof parsed.keyring === 'string' ? parsed.keyring : 'OS keyring', account: typeof parsed.account === 'string' ? parsed.account : '' };
}

/** Names under which the host book keeps its secrets. */
export const secretNames = {
  password: (host: string) => `host/${host.toLowerCase()}/password`,
  keyPassphrase: (host: string) => `host/${host.toLowerCase()}/key-passphrase`,
};
