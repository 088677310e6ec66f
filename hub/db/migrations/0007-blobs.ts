import type { HubMigration } from './migration';

/**
 * Blob sync (docs/sync.md, *Blob sync*): the contents ticket events name, per team, content-addressed.
 * `blobs` is what a device declared (hash, size, the snapshot id it carries if any); `blob_chunks` holds the
 * bytes, one row per chunk of BLOB_CHUNK_BYTES, so no request ever holds more than a chunk in memory.
 * `complete` is set once every chunk is there and the whole blob hashed to its hash.
 */
export const hubMigration0007: HubMigration = {
  version: 7,
  name: 'blobs',
  sql: `
    CREATE TABLE blobs (
      team_id     bigint NOT NULL REFERENCES teams (id),
      hash        text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      size        bigint NOT NULL CHECK (size >= 0),
      chunks      int NOT NULL CHECK (chunks >= 1),
      snapshot_id text,
      complete    boolean NOT NULL DEFAULT false,
      declared_by bigint REFERENCES devices (id),
      declared_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (team_id, hash)
    );
    CREATE UNIQUE INDEX blobs_snapshot ON blobs (team_id, snapshot_id) WHERE snapshot_id IS NOT NULL;
    CREATE TABLE blob_chunks (
      team_id bigint NOT NULL,
      hash    text NOT NULL,
      idx     int NOT NULL CHECK (idx >= 0),
      data    bytea NOT NULL,
      PRIMARY KEY (team_id, hash, idx),
      FOREIGN KEY (team_id, hash) REFERENCES blobs (team_id, hash) ON DELETE CASCADE
    );
  `,
};
