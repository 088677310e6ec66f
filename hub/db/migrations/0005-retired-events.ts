import type { HubMigration } from './migration';

/**
 * Events the hub's admin retired (`hub quarantine retire`): an event an older hub or a hand edit left in
 * the log that devices cannot apply. The event itself stays in the log, untouched; this records who retired
 * it, when and why, and devices that hold it in quarantine mark it retired (docs/sync.md, *Quarantine*).
 */
export const hubMigration0005: HubMigration = {
  version: 5,
  name: 'retired-events',
  sql: `
    CREATE TABLE retired_events (
      event_id   uuid PRIMARY KEY,
      team_id    bigint NOT NULL REFERENCES teams (id),
      stream     text NOT NULL CHECK (stream IN ('tickets', 'kb')),
      reason     text NOT NULL,
      retired_by text NOT NULL,
      retired_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX retired_events_team ON retired_events (team_id);
  `,
};
