import type { Migration } from '../migration';

/** A host's site (building, agency, client office), so checks and rollouts can pick and filter hosts by it. */
export const migration0022: Migration = {
  version: 22,
  name: 'host-site',
  up(db) {
    db.exec(`
      ALTER TABLE hosts ADD COLUMN site TEXT;
      CREATE INDEX hosts_site ON hosts (site) WHERE site IS NOT NULL;
    `);
  },
};
