import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { tempDir } from '../../setup/temp';

describe('migration 0008 kb-sync', () => {
  it('adds the knowledge-base cursor (0, the ticket cursor kept) and its rejections on a store at version 7', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 7 });
    old.prepare("UPDATE sync_state SET hub_url = 'https://hub.example', cursor = 42 WHERE id = 1").run();
    old.close();
    const db = openDatabase(file, { migrations, targetVersion: 8 });
    expect(schemaVersion(db)).toBe(8);
    expect(db.prepare('SELECT hub_url, cursor, kb_cursor FROM sync_state').get()).toEqual({ hub_url: 'https://hub.example', cursor: 42, kb_cursor: 0 });
    expect(() => db.prepare('UPDATE sync_state SET kb_cursor = -1').run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO kb_sync_rejections (event_id, code, message, at_ms) VALUES ('missing', 'x', 'y', 1)").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
