import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { tempDir } from '../../setup/temp';

describe('migration 0011 sync-quarantine', () => {
  it('adds the quarantine of unappliable pulled events on a store at version 10, keeping its cursor', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 10 });
    old.prepare('UPDATE sync_state SET cursor = 42 WHERE id = 1').run();
    old.close();
    const db = openDatabase(file, { migrations, targetVersion: 11 });
    expect(schemaVersion(db)).toBe(11);
    expect(db.prepare('SELECT cursor FROM sync_state').pluck().get()).toBe(42);
    db.prepare("INSERT INTO sync_quarantine (event_id, stream, subject, body, rule, reason, at_ms) VALUES ('e1', 'tickets', 't1', '{}', 'created_twice', 'second created', 1)").run();
    expect(() => db.prepare("INSERT INTO sync_quarantine (event_id, stream, body, rule, reason, at_ms) VALUES ('e2', 'files', '{}', 'x', 'y', 1)").run()).toThrow(/CHECK/);
    db.close();
  });
});
