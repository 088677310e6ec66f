import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { KnownHostKey, KnownHostsImportResult } from '../../../shared/contract/ssh';
import type { Database } from '../db/open';

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
  | { status: 'unknown' }
  /** Keys are pinned for this host and the offered one is not among them. */
  | { status: 'changed'; previous: KnownHostKey[] };

interface Row {
  id: number;
  host_token: string | null;
  hash_salt: Buffer | null;
  hash: Buffer | null;
  key_type: string;
  key_blob: Buffer;
  fingerprint: string;
  source: 'trusted' | 'imported';
  added_at: string;
}

function toKey(row: Row): KnownHostKey {
  return {
    id: row.id,
    hostToken: row.host_token,
    hashed: row.hash !== null,
    keyType: row.key_type,
    fingerprint: row.fingerprint,
    source: row.source,
    addedAt: row.added_at,
  };
}

function hashedMatches(row: Row, token: string): boolean {
  if (!row.hash || !row.hash_salt) return false;
  const digest = createHmac('sha1', row.hash_salt).update(token).digest();
  return digest.length === row.hash.length && timingSafeEqual(digest, row.hash);
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
    if (rows.length === 0) return { status: 'unknown' };
    if (rows.some((row) => row.key_blob.equals(keyBlob))) return { status: 'trusted' };
    return { status: 'changed', previous: rows.map(toKey) };
  }

  /** Pins a key for a host (first connection, after the technician compared the fingerprint). */
  trust(address: string, port: number, keyBlob: Buffer, source: 'trusted' | 'imported' = 'trusted'): void {
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
      for (const row of this.rowsFor(token)) remove.run(row.id);
      this.trust(address, port, keyBlob);
    })();
  }

  /** Imports OpenSSH known_hosts text: plain, `[host]:port` and hashed (`|1|salt|hash`) entries. */
  importText(text: string): KnownHostsImportResult {
    const result: KnownHostsImportResult = { imported: 0, alreadyKnown: 0, skipped: [] };
    const insertPlain = this.db.prepare(
      `INSERT INTO known_host_keys (host_token, key_type, key_blob, fingerprint, source, added_at)
       VALUES (?, ?, ?, ?, 'imported', ?) ON CONFLICT DO NOTHING`,
    );
    const insertHashed = this.db.prepare(
      `INSERT INTO known_host_keys (hash_salt, hash, key_type, key_blob, fingerprint, source, added_at)
       VALUES (?, ?, ?, ?, ?, 'imported', ?) ON CONFLICT DO NOTHING`,
    );
    const now = new Date().toISOString();
    const lines = text.split(/\r?\n/);
    this.db.transaction(() => {
      for (let i = 0; i < lines.length; i++) {
        const lineNo = i + 1;
        const line = (lines[i] ?? '').trim();
        if (line === '' || line.startsWith('#')) continue;
        const fields = line.split(/\s+/);
        if (fields[0]?.startsWith('@')) {
          result.skipped.push({ line: lineNo, reason: `${fields[0]} entries are not supported` });
          continue;
        }
        const [hosts, keyType, base64] = fields;
        if (!hosts || !keyType || !base64) {
          result.skipped.push({ line: lineNo, reason: 'expected "hosts key-type base64-key"' });
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
        if (hosts.startsWith('|1|')) {
          const [, , salt, hash] = hosts.split('|');
          const saltBuf = Buffer.from(salt ?? '', 'base64');
          const hashBuf = Buffer.from(hash ?? '', 'base64');
          if (saltBuf.length !== 20 || hashBuf.length !== 20) {
            result.skipped.push({ line: lineNo, reason: 'malformed hashed host name' });
            continue;
          }
          const changes = insertHashed.run(saltBuf, hashBuf, keyType, blob, fingerprint, now).changes;
          if (changes > 0) result.imported++;
          else result.alreadyKnown++;
          continue;
        }
        for (const name of hosts.split(',')) {
          if (/[*?!]/.test(name) || name === '') {
            result.skipped.push({ line: lineNo, reason: `the pattern "${name}" is not imported (only exact names)` });
            continue;
          }
          const bracketed = /^\[([^\]]+)\]:(\d+)$/.exec(name);
          const token = bracketed ? hostToken(bracketed[1] ?? '', Number(bracketed[2])) : name.toLowerCase();
          const changes = insertPlain.run(token, keyType, blob, fingerprint, now).changes;
          if (changes > 0) result.imported++;
          else result.alreadyKnown++;
        }
      }
    })();
    return result;
  }

  private rowsFor(token: string): Row[] {
    const rows = this.db.prepare('SELECT * FROM known_host_keys WHERE host_token = ? OR hash IS NOT NULL ORDER BY id').all(token) as Row[];
    return rows.filter((row) => row.host_token === token || hashedMatches(row, token));
  }
}
