import type { HubMigration } from './migration';

/**
 * Each user's support level, given by the team's admin (`atelier-hub user level NAME N2`): devices read it
 * from `/v1/me` instead of letting a user say it, and the hub refuses checklist draft events from an N1.
 * Users from before start at N1: the admin raises the N2/N3 after the upgrade.
 */
export const hubMigration0009: HubMigration = {
  version: 9,
  name: 'user-levels',
  sql: `
    ALTER TABLE users ADD COLUMN level text NOT NULL DEFAULT 'N1' CHECK (level IN ('N1', 'N2', 'N3'));
  `,
};
