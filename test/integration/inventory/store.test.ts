import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import { openDatabase, schemaVersion } from '../../../electron/core/db/open';
import { InventoryStore } from '../../../electron/core/inventory';
import { laptop, later } from '../../unit/inventory/fixtures';
import { tempDir } from '../../setup/temp';

describe('migration 0004-inventory', () => {
  it('adds the STRICT snapshots table with its machine index on top of version 3, keeping earlier data', () => {
    const file = join(tempDir(), 'atelier.db');
    const before = openDatabase(file, { targetVersion: 3 });
    expect(schemaVersion(before)).toBe(3);
    before.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
    before.close();

    const db = openDatabase(file, { targetVersion: 4 });
    expect(schemaVersion(db)).toBe(4);
    const sql = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'inventory_snapshots'").pluck().get() as string;
    expect(sql).toMatch(/\) STRICT$/);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'inventory_snapshots' AND sql IS NOT NULL").pluck().all()).toEqual(['inventory_snapshots_machine']);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'theme'").pluck().get()).toBe('"dark"');
    // The table itself refuses data that is not JSON.
    expect(() => db.prepare("INSERT INTO inventory_snapshots VALUES ('x', 'm', NULL, 't', 'u', 'c', 'not json')").run()).toThrow(/CHECK constraint/);
    db.close();
  });
});

describe('InventoryStore', () => {
  it('stores snapshots per machine, lists newest first, gets them back equal, and finds the previous visit', () => {
    const db = openDatabase(join(tempDir(), 'atelier.db'));
    const store = new InventoryStore(db);
    const first = laptop('a1');
    const second = later(first, (s) => { s.sections.bios.data.version = '1.13.0'; }, 'a2');
    const other = later(first, (s) => { s.machineKey = 'other-pc'; s.host = 'other-pc'; }, 'b1');
    for (const s of [first, second, other]) store.save(s);

    expect(store.list({ machineKey: 'glpixps' }).map((s) => s.id)).toEqual(['a2', 'a1']);
    // Same time for b1 and a2: the id breaks the tie, so the order is stable.
    expect(store.list().map((s) => s.id)).toEqual(['b1', 'a2', 'a1']);
    expect(store.list({ machineKey: 'other-pc' })[0]).toEqual({ id: 'b1', machineKey: 'other-pc', host: 'other-pc', takenAt: second.takenAt, takenBy: 'tech', collector: 'local-systeminformation' });
    expect(store.get('a2')).toEqual(second);
    expect(store.previous('a2')?.id).toBe('a1');
    expect(store.previous('a1')).toBeUndefined();
    db.close();
  });

  it('refuses an invalid snapshot or a duplicate id, naming the problem, and keeps what was saved', () => {
    const db = openDatabase(join(tempDir(), 'atelier.db'));
    const store = new InventoryStore(db);
    store.save(laptop('a1'));
    const bad = structuredClone(laptop('a2')) as unknown as { sections: { cpu: { meta: Record<string, unknown> } } };
    bad.sections.cpu.meta = { source: 'x', durationMs: 1, status: 'failed' };
    expect(() => store.save(bad as never)).toThrow('snapshot.sections.cpu.meta.reason: section "cpu" is failed without a reason');
    expect(() => store.save(laptop('a1'))).toThrow(AtelierError);
    expect(() => store.get('nope')).toThrow('no inventory snapshot nope');
    expect(store.list().map((s) => s.id)).toEqual(['a1']);
    db.close();
  });
});
