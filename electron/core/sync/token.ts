import type { SecretVault } from '../secrets';

const SECRET = 'sync/hub-token';

export type TokenStorage = 'vault' | 'memory' | 'locked' | 'none';

/**
 * The hub token is a secret: sealed in the vault when it is unlocked; otherwise kept in this process's
 * memory only (lost at exit, the status says so) and moved into the vault once it is unlocked.
 * It is never logged and never sent back through the contract.
 */
export class HubTokenStore {
  private memory: string | undefined;

  constructor(private readonly vault: SecretVault) {}

  set(token: string): TokenStorage {
    if (this.vault.status().unlocked) {
      this.vault.set(SECRET, token);
      this.memory = undefined;
      return 'vault';
    }
    this.memory = token;
    return 'memory';
  }

  get(): string | undefined {
    this.persistIfPossible();
    if (this.memory !== undefined) return this.memory;
    return this.vault.status().unlocked && this.vault.has(SECRET) ? this.vault.get(SECRET) : undefined;
  }

  storage(): TokenStorage {
    this.persistIfPossible();
    if (this.memory !== undefined) return 'memory';
    if (!this.vault.has(SECRET)) return 'none';
    return this.vault.status().unlocked ? 'vault' : 'locked';
  }

  clear(): void {
    this.memory = undefined;
    this.vault.delete(SECRET);
  }

  private persistIfPossible(): void {
    if (this.memory !== undefined && this.vault.status().unlocked) {
      this.vault.set(SECRET, this.memory);
      this.memory = undefined;
    }
  }
}
