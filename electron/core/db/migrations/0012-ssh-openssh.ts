import type { Migration } from '../migration';

/**
 * What OpenSSH's files say that the host book could not hold: legacy algorithms allowed per host, and
 * known_hosts lines with markers (`@cert-authority`, `@revoked`) or host patterns (`*.lan,!gw.lan`).
 * known_host_keys is rebuilt because its CHECK (one of name or hash) cannot be altered in place.
 */
export const migration0012: Migration = {
  version: 12,
  name: 'ssh-openssh',
  up(db) {
    db.exec(`
      ALTER TABLE hosts ADD COLUMN legacy_algorithms TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(legacy_algorithms));

      CREATE TABLE known_host_keys_v12 (
        id            INTEGER PRIMARY KEY,
        host_token    TEXT,
        hash_salt     BLOB,
        hash          BLOB,
        -- The host field of a known_hosts line with wildcards or negations, kept as written.
        host_patterns TEXT,
        marker        TEXT CHECK (marker IN ('cert-authority', 'revoked')),
        key_type      TEXT NOT NULL,
        key_blob      BLOB NOT NULL,
        fingerprint   TEXT NOT NULL,
        source        TEXT NOT NULL CHECK (source IN ('trusted', 'imported')),
        added_at      TEXT NOT NULL,
        CHECK ((host_token IS NOT NULL) + (hash IS NOT NULL) + (host_patterns IS NOT NULL) = 1)
      ) STRICT;
      INSERT INTO known_host_keys_v12 (id, host_token, hash_salt, hash, key_type, key_blob, fingerprint, source, added_at)
        SELECT id, host_token, hash_salt, hash, key_type, key_blob, fingerprint, source, added_at FROM known_host_keys;
      DROP TABLE known_host_keys;
      ALTER TABLE known_host_keys_v12 RENAME TO known_host_keys;
      CREATE UNIQUE INDEX known_host_keys_plain ON known_host_keys (host_token, key_blob, ifnull(marker, '')) WHERE host_token IS NOT NULL;
      CREATE UNIQUE INDEX known_host_keys_hashed ON known_host_keys (hash, key_blob, ifnull(marker, '')) WHERE hash IS NOT NULL;
      CREATE UNIQUE INDEX known_host_keys_patterns ON known_host_keys (host_patterns, key_blob, ifnull(marker, '')) WHERE host_patterns IS NOT NULL;
    `);
  },
};
