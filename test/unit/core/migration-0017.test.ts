import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { tempDir } from '../../setup/temp';

describe('migration 0017 health-checks', () => {
  it('adds the plans, readings and incidents tables and leaves the tickets as they were', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 16 });
    const before = old.prepare('SELECT COUNT(*) AS n FROM tickets').get();
    old.close();
    const db = openDatabase(file, { migrations, targetVersion: 17 });
    expect(schemaVersion(db)).toBe(17);
    expect(db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual(before);
    db.prepare("INSERT INTO check_readings (host, check_id, at_ms, status, value, metric, detail) VALUES ('ws-01', 'disk', 1, 'fail', '3.2', 1000, NULL)").run();
    expect(() => db.prepare("INSERT INTO check_readings (host, check_id, at_ms, status) VALUES ('ws-01', 'disk', 2, 'broken')").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO check_incidents (host, check_id, ticket_id) VALUES ('ws-01', 'disk', 't')").run();
    expect(() => db.prepare("INSERT INTO check_incidents (host, check_id, ticket_id) VALUES ('ws-01', 'disk', 'u')").run()).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});
