import type { HubMigration } from './migration';

/**
 * The team's checklist drafts (shared/checklists/authoring.ts): draft events (created, edited, published,
 * discarded) as a third stream (`/v1/checklists/events`) with its own sequence, so its own pull cursor,
 * under the same rules as `kb_events`. A published draft carries the exact checklist text every device puts
 * in its library. Retired events may now name this stream.
 */
export const hubMigration0006: HubMigration = {
  version: 6,
  name: 'checklist-draft-events',
  sql: `
    CREATE SEQUENCE checklist_draft_events_seq;
    CREATE TABLE checklist_draft_events (
      seq         bigint PRIMARY KEY,
      id          uuid NOT NULL UNIQUE,
      team_id     bigint NOT NULL REFERENCES teams (id),
      draft_id    text NOT NULL,
      hlc         text NOT NULL,
      actor       text NOT NULL,
      device      text NOT NULL,
      type        text NOT NULL,
      body        text NOT NULL,
      pushed_by   bigint REFERENCES devices (id),
      received_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX checklist_draft_events_team_seq ON checklist_draft_events (team_id, seq);
    ALTER TABLE retired_events DROP CONSTRAINT retired_events_stream_check;
    ALTER TABLE retired_events ADD CONSTRAINT retired_events_stream_check CHECK (stream IN ('tickets', 'kb', 'checklists'));
  `,
};
