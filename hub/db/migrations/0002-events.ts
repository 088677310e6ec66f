import type { HubMigration } from './migration';

/**
 * The team's event log. `seq` is the pull cursor: it is taken from `events_seq` while the push holds the
 * log's advisory lock, so sequence order is commit order and a reader never sees a later sequence before an
 * earlier one (docs/sync.md, "Why a lock"). `body` is the event's canonical JSON, served as is.
 */
export const hubMigration0002: HubMigration = {
  version: 2,
  name: 'events',
  sql: `
    CREATE SEQUENCE events_seq;
    CREATE TABLE events (
      seq         bigint PRIMARY KEY,
      id          uuid NOT NULL UNIQUE,
      team_id     bigint NOT NULL REFERENCES teams (id),
      ticket_id   text NOT NULL,
      hlc         text NOT NULL,
      actor       text NOT NULL,
      device      text NOT NULL,
      type        text NOT NULL,
      body        text NOT NULL,
      pushed_by   bigint REFERENCES devices (id),
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX events_team_seq ON events (team_id, seq);
    CREATE INDEX events_ticket ON events (ticket_id, hlc);
  `,
};
