import type { HubMigration } from './migration';

/**
 * The team's knowledge-base log: article events (created, edited, published, archived), pushed and pulled
 * like ticket events but as a stream of their own (`/v1/kb/events`), with its own sequence and so its own
 * pull cursor: a device that never carried articles starts this stream at 0 whatever its ticket cursor.
 * Same rules as `events` (docs/sync.md): sequence taken under the stream's advisory lock, `body` the
 * event's canonical JSON served as is.
 */
export const hubMigration0004: HubMigration = {
  version: 4,
  name: 'kb-events',
  sql: `
    CREATE SEQUENCE kb_events_seq;
    CREATE TABLE kb_events (
      seq         bigint PRIMARY KEY,
      id          uuid NOT NULL UNIQUE,
      team_id     bigint NOT NULL REFERENCES teams (id),
      article_id  text NOT NULL,
      hlc         text NOT NULL,
      actor       text NOT NULL,
      device      text NOT NULL,
      type        text NOT NULL,
      body        text NOT NULL,
      pushed_by   bigint REFERENCES devices (id),
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX kb_events_team_seq ON kb_events (team_id, seq);
  `,
};
