import { AtelierError } from '../../../shared/contract/errors';
import type { Database } from '../db/open';
import { DEFAULT_SCRYPT, newScryptParams, PassphraseBox, type ScryptParams, type SecretBox } from './box';

const CHECK_PLAIN = Buffer.from('atelier-vault-check-v1');

export interface VaultStatus {
  initialized: boolean;
  unlocked: boolean;
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
    return { initialized: this.meta() !== undefined, unlocked: this.box !== undefined };
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

  private verify(box: SecretBox, check: Buffer): void {
    let ok = false;
    try {
      ok = box.open(check).equals(CHECK_PLAIN);
    } catch {
      ok = false;
    }
    if (!ok) {
      box.dispose();
      throw new AtelierError('unauthorized', 'Wrong passphrase: the secret vault stays locked.');
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

/** Names under which the host book keeps its secrets. */
export const secretNames = {
  password: (host: string) => `host/${host.toLowerCase()}/password`,
  keyPassphrase: (host: string) => `host/${host.toLowerCase()}/key-passphrase`,
};
