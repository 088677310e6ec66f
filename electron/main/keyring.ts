import { safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Keyring } from '../core/secrets/keyring';

/**
 * The vault's key sealed by Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the Secret Service or
 * KWallet on Linux) in a file beside the store. Undefined where safeStorage has no real keyring behind it
 * (Linux's `basic_text` backend seals with a fixed password): the vault then asks for its passphrase.
 */
export function safeStorageKeyring(dataDir: string): Keyring | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  if (process.platform === 'linux' && ['basic_text', 'unknown'].includes(safeStorage.getSelectedStorageBackend())) return undefined;
  const dir = join(dataDir, 'vault-keys');
  const file = (account: string) => join(dir, `${account}.sealed`);
  return {
    name: 'Electron safeStorage',
    read(account) {
      if (!existsSync(file(account))) return undefined;
      return Buffer.from(safeStorage.decryptString(readFileSync(file(account))), 'base64');
    },
    write(account, key) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file(account), safeStorage.encryptString(key.toString('base64')), { mode: 0o600 });
    },
  };
}
