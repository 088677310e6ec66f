/** Hub migration 0010: users get a support level, N1 for everyone already there; an admin raises it. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hubMigrations } from '../../../hub/db/migrations';
import { migrateHub } from '../../../hub/db/migrate';
import { openHubDatabase } from '../../../hub/open';
import { Accounts } from '../../../hub/store/accounts';
import { tempDir } from '../../setup/temp';

describe('hub user levels (migration 0010, PGlite)', () => {
  it('a user from before the migration is N1; the level is set and read back; a bad level is refused', { timeout: 120_000 }, async () => {
    const db = await openHubDatabase({ dataDir: join(tempDir(), 'data'), migrate: false });
    try {
      await migrateHub(db, hubMigrations.filter((m) => m.version < 10));
      await db.query("INSERT INTO teams (name) VALUES ('default') ON CONFLICT (name) DO NOTHING");
      await db.query("INSERT INTO users (name, team_id, role, aliases) SELECT 'old', id, 'technician', '{}' FROM teams WHERE name = 'default'");
      await migrateHub(db);
      const accounts = new Accounts(db);
      const token = (await accounts.issueToken('old', 'laptop')).token;
      expect((await accounts.authenticate(token))?.level).toBe('N1');
      await accounts.setLevel('old', 'N3');
      expect((await accounts.authenticate(token))?.level).toBe('N3');
      await accounts.addUser('marc', { level: 'N2' });
      expect((await accounts.authenticate((await accounts.issueToken('marc', 'desk')).token))?.level).toBe('N2');
      await expect(accounts.setLevel('nobody', 'N2')).rejects.toThrow(/no user named "nobody"/);
      await expect(db.query("UPDATE users SET level = 'N4' WHERE name = 'old'")).rejects.toThrow(/check constraint/);
    } finally {
      await db.close();
    }
  });
});
