import type { HubMigration } from './migration';

/**
 * Each user's support level (N1, N2, N3): the hub refuses a change approval pushed by an N1 user
 * (hub/dispatch.ts), whatever the device claims. Existing users are N1 until an admin says otherwise.
 */
export const hubMigration0010: HubMigration = {
  version: 10,
  name: 'user-levels',
  sql: `
    ALTER TABLE users ADD COLUMN level text NOT NULL DEFAULT 'N1' CHECK (level IN ('N1', 'N2', 'N3'));
  `,
};
