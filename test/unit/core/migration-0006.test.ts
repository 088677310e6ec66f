import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { tempDir } from '../../setup/temp';

describe('migration 0006 knowledge', () => {
  it('adds the article log, projection and a diacritics-folding, stemming FTS on a store at version 5', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 5 });
    old.prepare("INSERT INTO settings (key, value) VALUES ('ui', '{}')").run();
    old.close();
    const db = openDatabase(file, { migrations, targetVersion: 6 });
    expect(schemaVersion(db)).toBe(6);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'ui'").pluck().get()).toBe('{}');
    db.prepare("INSERT INTO kb_fts (article_id, title, body, tags) VALUES ('a', 'Écrans débranchés', 'printers', '')").run();
    const hits = (q: string) => db.prepare('SELECT count(*) FROM kb_fts WHERE kb_fts MATCH ?').pluck().get(q);
    expect([hits('ecran'), hits('debranche'), hits('printer')]).toEqual([1, 1, 1]);
    expect(() => db.prepare("INSERT INTO kb_events (id, article_id, hlc, actor, device, type, payload, origin) VALUES ('e', 'a', 'h', 'x', 'd', 'created', 'not json', 'local')").run()).toThrow(/CHECK/);
    db.close();
  });
});
