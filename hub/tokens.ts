import { createHash, randomBytes } from 'node:crypto';

/** A token is `atl_` + 32 random bytes (base64url). Only its sha256 is stored. */
export function newToken(): string {
  return `atl_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

const BEARER = /^Bearer\s+(atl_[A-Za-z0-9_-]{43})\s*$/;

/** The token of an `Authorization: Bearer ...` header, or null when absent or not shaped like one. */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  return BEARER.exec(header)?.[1] ?? null;
}
