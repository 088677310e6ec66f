import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Seals and opens secrets. The serve-mode vault derives its key from a passphrase; the Electron shell can
 * implement the same interface over `safeStorage` (encryptString/decryptString) without touching the vault.
 */
export interface SecretBox {
  readonly kind: string;
  seal(plain: Buffer): Buffer;
  /** Throws when the data was not sealed by this box (wrong key, tampered bytes). */
  open(sealed: Buffer): Buffer;
  /** Forgets key material; the box is unusable afterwards. */
  dispose(): void;
}

export interface ScryptParams {
  salt: string; // base64
  N: number;
  r: number;
  p: number;
}

/** About 100 ms and 32 MiB on the target machines: slow for a guesser, unnoticeable once per unlock. */
export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function newScryptParams(cost: { N: number; r: number; p: number } = DEFAULT_SCRYPT): ScryptParams {
  return { salt: randomBytes(16).toString('base64'), ...cost };
}

/** AES-256-GCM with a key derived by scrypt. Layout: version(1) | iv(12) | tag(16) | ciphertext. */
export class PassphraseBox implements SecretBox {
  readonly kind = 'scrypt-aes-256-gcm';
  private key: Buffer | undefined;

  constructor(passphrase: string, params: ScryptParams) {
    this.key = scryptSync(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, {
      N: params.N,
      r: params.r,
      p: params.p,
      maxmem: 256 * params.N * params.r + 1024 * 1024,
    });
  }

  seal(plain: Buffer): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.requireKey(), iv);
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): Buffer {
    if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new Error('not a sealed secret');
    const iv = sealed.subarray(1, 1 + IV_BYTES);
    const tag = sealed.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.requireKey(), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]);
  }

  dispose(): void {
    this.key?.fill(0);
    this.key = undefined;
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('the secret box was disposed');
    return this.key;
  }
}
