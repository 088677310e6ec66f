import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateHub } from '../../../hub/db/migrate';
import { hubMigrations } from '../../../hub/db/migrations';
import { openHubDatabase } from '../../../hub/open';
import { Accounts } from '../../../hub/store/accounts';
import { collectBlobs } from '../../../hub/store/blob-collector';
import { userToken } from '../../setup/hub';
import { tempDir } from '../../setup/temp';

describe('hub migration 0010 blob-collection (PGlite)', () => {
  it('keeps the files declared before it, unmarked, and a collection leaves files no removal names alone', { timeout: 300_000 }, async () => {
    const db = await openHubDatabase({ dataDir: join(tempDir(), 'hub-data'), migrate: false });
    try {
      await migrateHub(db, hubMigrations.filter((m) => m.version < 10));
      await userToken(new Accounts(db), 'ines');
      const team = (await db.query<{ id: number }>('SELECT id FROM teams LIMIT 1'))[0]?.id;
      await db.query('INSERT INTO blobs (team_id, hash, size, chunks, complete) VALUES ($1, $2, 1, 1, true)', [team, 'c'.repeat(64)]);
      expect(await migrateHub(db)).toEqual([10]);
      expect(await db.query('SELECT hash, orphaned_at FROM blobs')).toEqual([{ hash: 'c'.repeat(64), orphaned_at: null }]);
      const indexes = await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE indexname LIKE 'events_attachment%' ORDER BY indexname");
      expect(indexes.map((row) => row.indexname)).toEqual(['events_attachment_hash', 'events_attachment_removal']);
      expect(await collectBlobs(db, { graceMs: 0 })).toEqual({ orphaned: 0, deleted: 0 });
    } finally {
      await db.close();
    }
  });
});
