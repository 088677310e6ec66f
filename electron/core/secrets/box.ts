import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';

/**
 * Seals and opens secrets: with a key derived from a passphrase, or a random key kept by the OS keyring.
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

/** AES-256-GCM with a 32-byte key. Layout: version(1) | iv(12) | tag(16) | ciphertext. */
export class KeyBox implements SecretBox {
  private key: Buffer | undefined;

  constructor(
    readonly kind: string,
    key: Buffer,
  ) {
    if (key.length !== 32) throw new Error('a secret box key is 32 bytes');
    this.key = Buffer.from(key);
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

/** The key derived from a passphrase by scrypt. */
export class PassphraseBox extends KeyBox {
  constructor(passphrase: string, params: ScryptParams) {
    const key = scryptSync(passphrase.normalize('NFC'), Buffer.from(params.salt, 'base64'), 32, {
      N: params.N,
      r: params.r,
      p: params.p,
      maxmem: 256 * params.N * params.r + 1024 * 1024,
    });
    super('scrypt-aes-256-gcm', key);
    key.fill(0);
  }
}
