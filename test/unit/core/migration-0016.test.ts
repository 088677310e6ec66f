import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { tempDir } from '../../setup/temp';

describe('migration 0016 checklist-drafts', () => {
  it('keeps every stored checklist version as it was (published), and accepts the editor as an origin', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 13 });
    const insert = (db: typeof old, version: number, origin: string) =>
      db
        .prepare(`INSERT INTO checklists (id, version, title_fr, title_en, origin, source, sha256, document, yaml, imported_at) VALUES ('pc', ?, 'PC', 'PC', ?, 'pc.yaml', 'x', '{}', 'id: pc', 't')`)
        .run(version, origin);
    insert(old, 1, 'builtin');
    insert(old, 2, 'file');
    expect(() => insert(old, 3, 'editor')).toThrow(/CHECK/);
    const quarantine = (db: typeof old, id: string, stream: string) =>
      db.prepare(`INSERT INTO sync_quarantine (event_id, stream, subject, body, rule, reason, at_ms) VALUES (?, ?, 's', '{}', 'unknown_subject', 'r', 1)`).run(id, stream);
    quarantine(old, 'e1', 'kb');
    expect(() => quarantine(old, 'e2', 'checklists')).toThrow(/CHECK/);
    old.prepare('UPDATE sync_state SET kb_cursor = 7 WHERE id = 1').run();
    old.close();

    const db = openDatabase(file, { migrations, targetVersion: 16 });
    expect(schemaVersion(db)).toBe(16);
    expect(db.prepare('SELECT id, version, origin, source, yaml FROM checklists ORDER BY version').all()).toEqual([
      { id: 'pc', version: 1, origin: 'builtin', source: 'pc.yaml', yaml: 'id: pc' },
      { id: 'pc', version: 2, origin: 'file', source: 'pc.yaml', yaml: 'id: pc' },
    ]);
    insert(db, 3, 'editor');
    expect(() => insert(db, 4, 'bogus')).toThrow(/CHECK/);
    expect(() => insert(db, 3, 'file')).toThrow(/UNIQUE|PRIMARY/);
    expect(db.prepare("SELECT count(*) FROM checklist_drafts").pluck().get()).toBe(0);
    // The quarantine keeps what it held and may now hold checklist draft events; the new stream starts at 0.
    expect(db.prepare('SELECT event_id, stream FROM sync_quarantine').all()).toEqual([{ event_id: 'e1', stream: 'kb' }]);
    quarantine(db, 'e2', 'checklists');
    expect(db.prepare('SELECT kb_cursor, checklist_cursor FROM sync_state WHERE id = 1').get()).toEqual({ kb_cursor: 7, checklist_cursor: 0 });
    db.close();
  });
});
