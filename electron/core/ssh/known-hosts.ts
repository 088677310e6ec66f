import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AtelierError } from '../../../shared/contract/errors';
import type { KnownHostKey, KnownHostsImportResult } from '../../../shared/contract/ssh';
import type { Database } from '../db/open';
import { patternMatches } from '../hosts/ssh-config';

/** OpenSSH's name for a host in known_hosts: `name` on port 22, `[name]:port` otherwise. */
export function hostToken(address: string, port: number): string {
  const name = address.toLowerCase();
  return port === 22 ? name : `[${name}]:${port}`;
}

/** `SHA256:` + unpadded base64 of the key blob's sha256, exactly as `ssh-keygen -l` prints it. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, ...). */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('not an SSH public key');
  const length = keyBlob.readUInt32BE(0);
  if (length <= 0 || length > 64 || 4 + length > keyBlob.length) throw new Error('not an SSH public key');
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

export type HostKeyVerdict =
  | { status: 'trusted' }
  /** Nothing pinned matches; `authorities` are the CA keys (`@cert-authority`) that may vouch for it. */
  | { status: 'unknown'; authorities: Buffer[] }
  /** Keys are pinned for this host and the offered one is not among them. */
  | { status: 'changed'; previous: KnownHostKey[]; authorities: Buffer[] }
  /** The offered key is marked `@revoked` for this host: refused whatever else is pinned. */
  | { status: 'revoked' };

type Marker = 'cert-authority' | 'revoked';

interface Row {
  id: number;
  host_token: string | null;
  hash_salt: Buffer | null;
  hash: Buffer | null;
  host_patterns: string | null;
  marker: Marker | null;
  key_type: string;
  key_blob: Buffer;
  fingerprint: string;
  source: 'trusted' | 'imported';
  added_at: string;
}

function toKey(row: Row): KnownHostKey {
  const key: KnownHostKey = {
    id: row.id,
    hostToken: row.host_token,
    hashed: row.hash !== null,
    keyType: row.key_type,
    fingerprint: row.fingerprint,
    source: row.source,
    addedAt: row.added_at,
  };
  if (row.marker) key.marker = row.marker;
  if (row.host_patterns) key.patterns = row.host_patterns;
  return key;
}

function hashedMatches(row: Row, token: string): boolean {
  if (!row.hash || !row.hash_salt) return false;
  const digest = createHmac('sha1', row.hash_salt).update(token).digest();
  return digest.length === row.hash.length && timingSafeEqual(digest, row.hash);
}

/** OpenSSH's match_hostname: a negated pattern that matches excludes the host whatever else matches. */
export function hostPatternsMatch(patterns: string, token: string): boolean {
  let matched = false;
  for (const pattern of patterns.split(',')) {
    if (pattern.startsWith('!')) {
      if (patternMatches(pattern.slice(1), token)) return false;
    } else if (patternMatches(pattern, token)) {
      matched = true;
    }
  }
  return matched;
}

/** The app's own known-hosts store: pinned host keys, checked strictly on every connection. */
export class KnownHostsStore {
  constructor(private readonly db: Database) {}

  /** Every pinned key of a host: plain entries for its token and hashed entries that match it. */
  keysFor(address: string, port: number): KnownHostKey[] {
    return this.rowsFor(hostToken(address, port)).map(toKey);
  }

  list(): KnownHostKey[] {
    return (this.db.prepare('SELECT * FROM known_host_keys ORDER BY id').all() as Row[]).map(toKey);
  }

  check(address: string, port: number, keyBlob: Buffer): HostKeyVerdict {
    const rows = this.rowsFor(hostToken(address, port));
    if (rows.some((row) => row.marker === 'revoked' && row.key_blob.equals(keyBlob))) return { status: 'revoked' };
    const authorities = rows.filter((row) => row.marker === 'cert-authority').map((row) => row.key_blob);
    const pinned = rows.filter((row) => row.marker === null);
    if (pinned.some((row) => row.key_blob.equals(keyBlob))) return { status: 'trusted' };
    if (pinned.length === 0) return { status: 'unknown', authorities };
    return { status: 'changed', previous: pinned.map(toKey), authorities };
  }

  /** Pins a key for a host (first connection, after the technician compared the fingerprint); never a revoked one. */
  trust(address: string, port: number, keyBlob: Buffer, source: 'trusted' | 'imported' = 'trusted'): void {
    if (this.check(address, port, keyBlob).status === 'revoked') throw new AtelierError('forbidden', `The key ${fingerprintOf(keyBlob)} is revoked for ${hostToken(address, port)}: it cannot be trusted.`);
    this.db
      .prepare(
        `INSERT INTO known_host_keys (host_token, key_type, key_blob, fingerprint, source, added_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(hostToken(address, port), keyTypeOf(keyBlob), keyBlob, fingerprintOf(keyBlob), source, new Date().toISOString());
  }

  /** "I verified the new key": forgets every key pinned for the host and pins this one. */
  replace(address: string, port: number, keyBlob: Buffer): void {
    const token = hostToken(address, port);
    this.db.transaction(() => {
      const remove = this.db.prepare('DELETE FROM known_host_keys WHERE id = ?');
      // Its own lines (plain or hashed), as `ssh-keygen -R`; pattern lines speak for other hosts too and markers stay.
      for (const row of this.rowsFor(token)) if (row.marker === null && row.host_patterns === null) remove.run(row.id);
      this.trust(address, port, keyBlob);
    })();
  }

  /**
   * Imports OpenSSH known_hosts text: plain, `[host]:port`, hashed (`|1|salt|hash`) and pattern
   * (`*.lan,!gw.lan`) entries, with the `@cert-authority` and `@revoked` markers.
   */
  importText(text: string): KnownHostsImportResult {
    const result: KnownHostsImportResult = { imported: 0, alreadyKnown: 0, skipped: [] };
    const insert = this.db.prepare(
      `INSERT INTO known_host_keys (host_token, hash_salt, hash, host_patterns, marker, key_type, key_blob, fingerprint, source, added_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'imported', ?) ON CONFLICT DO NOTHING`,
    );
    const now = new Date().toISOString();
    const lines = text.split(/\r?\n/);
    this.db.transaction(() => {
      for (let i = 0; i < lines.length; i++) {
        const lineNo = i + 1;
        const line = (lines[i] ?? '').trim();
        if (line === '' || line.startsWith('#')) continue;
        const fields = line.split(/\s+/);
        let marker: Marker | null = null;
        if (fields[0]?.startsWith('@')) {
          const word = fields.shift()!;
          if (word !== '@cert-authority' && word !== '@revoked') {
            result.skipped.push({ line: lineNo, reason: `unknown marker ${word} (OpenSSH knows @cert-authority and @revoked)` });
            continue;
          }
          marker = word.slice(1) as Marker;
        }
        const [hosts, keyType, base64] = fields;
        if (!hosts || !keyType || !base64) {
          result.skipped.push({ line: lineNo, reason: 'expected "[@marker] hosts key-type base64-key"' });
          continue;
        }
        const blob = Buffer.from(base64, 'base64');
        let blobType: string;
        try {
          blobType = keyTypeOf(blob);
        } catch {
          result.skipped.push({ line: lineNo, reason: 'the key is not valid base64 SSH key data' });
          continue;
        }
        if (blobType !== keyType) {
          result.skipped.push({ line: lineNo, reason: `the key says ${blobType}, the line says ${keyType}` });
          continue;
        }
        const fingerprint = fingerprintOf(blob);
        const add = (token: string | null, salt: Buffer | null, hash: Buffer | null, patterns: string | null) => {
          if (insert.run(token, salt, hash, patterns, marker, keyType, blob, fingerprint, now).changes > 0) result.imported++;
          else result.alreadyKnown++;
        };
        if (hosts.startsWith('|1|')) {
          const [, , salt, hash] = hosts.split('|');
          const saltBuf = Buffer.from(salt ?? '', 'base64');
          const hashBuf = Buffer.from(hash ?? '', 'base64');
          if (saltBuf.length !== 20 || hashBuf.length !== 20) {
            result.skipped.push({ line: lineNo, reason: 'malformed hashed host name' });
            continue;
          }
          add(null, saltBuf, hashBuf, null);
          continue;
        }
        const names = hosts.split(',');
        if (names.some((name) => name === '')) {
          result.skipped.push({ line: lineNo, reason: `empty name in the host list "${hosts}"` });
          continue;
        }
        // A list with wildcards or negations is kept whole: a negation applies to the rest of its line.
        if (names.some((name) => /[*?!]/.test(name))) {
          add(null, null, null, hosts.toLowerCase());
          continue;
        }
        for (const name of names) {
          const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(name);
          add(bracketed ? hostToken(bracketed[1] ?? '', Number(bracketed[2])) : name.toLowerCase(), null, null, null);
        }
      }
    })();
    return result;
  }

  private rowsFor(token: string): Row[] {
    const rows = this.db.prepare('SELECT * FROM known_host_keys WHERE host_token = ? OR host_token IS NULL ORDER BY id').all(token) as Row[];
    return rows.filter((row) => row.host_token === token || hashedMatches(row, token) || (row.host_patterns !== null && hostPatternsMatch(row.host_patterns, token)));
  }
}
