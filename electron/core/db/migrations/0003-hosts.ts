import type { Migration } from '../migration';

/** Host book, the app's own known-hosts store and the encrypted secret vault. */
export const migration0003: Migration = {
  version: 3,
  name: 'hosts',
  up(db) {
    db.exec(`
      CREATE TABLE hosts (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        address    TEXT NOT NULL,
        port       INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
        user       TEXT NOT NULL,
        auth       TEXT NOT NULL CHECK (json_valid(auth)),
        jump_host  TEXT REFERENCES hosts(name) ON UPDATE CASCADE ON DELETE RESTRICT,
        os_family  TEXT NOT NULL DEFAULT 'unknown',
        tags       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        client     TEXT,
        notes      TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      -- host_token is OpenSSH's form (name, or [name]:port when not 22); hashed imports keep salt + hash.
      CREATE TABLE known_host_keys (
        id          INTEGER PRIMARY KEY,
        host_token  TEXT,
        hash_salt   BLOB,
        hash        BLOB,
        key_type    TEXT NOT NULL,
        key_blob    BLOB NOT NULL,
        fingerprint TEXT NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('trusted', 'imported')),
        added_at    TEXT NOT NULL,
        CHECK ((host_token IS NULL) = (hash IS NOT NULL))
      ) STRICT;
      CREATE UNIQUE INDEX known_host_keys_plain ON known_host_keys (host_token, key_blob) WHERE host_token IS NOT NULL;
      CREATE UNIQUE INDEX known_host_keys_hashed ON known_host_keys (hash, key_blob) WHERE hash IS NOT NULL;

      -- One row: the vault's salt, KDF parameters and a check value that tells a wrong passphrase.
      CREATE TABLE secret_vault (
        id     INTEGER PRIMARY KEY CHECK (id = 1),
        kind   TEXT NOT NULL,
        params TEXT NOT NULL CHECK (json_valid(params)),
        check_value BLOB NOT NULL
      ) STRICT;

      CREATE TABLE secrets (
        name       TEXT PRIMARY KEY,
        ciphertext BLOB NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
