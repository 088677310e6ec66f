import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChecklistStore, builtinLibraryDir, loadChecklistDir } from '../../../electron/core/checklists';
import { openDatabase, schemaVersion, type Database } from '../../../electron/core/db/open';
import { migrations } from '../../../electron/core/db/migrations';

let dir: string;
let db: Database;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-checklists-'));
  db = openDatabase(join(dir, 'atelier.db'));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const library = builtinLibraryDir();
const slowYaml = () => readFileSync(join(library, 'slow-computer.yaml'), 'utf8');

describe('migration 0005 (checklists)', () => {
  it('creates a STRICT table keyed by (id, version) on top of the previous schema', () => {
    const file = join(dir, 'step.db');
    const before = openDatabase(file, { targetVersion: 4 });
    expect(before.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'checklists'").pluck().get()).toBe(0);
    before.close();
    const after = openDatabase(file, { targetVersion: 5 });
    expect(schemaVersion(after)).toBeGreaterThanOrEqual(5);
    const sql = after.prepare("SELECT sql FROM sqlite_schema WHERE name = 'checklists'").pluck().get() as string;
    expect(sql).toMatch(/STRICT/);
    const insert = after.prepare(`INSERT INTO checklists (id, version, title_fr, title_en, origin, source, sha256, document, yaml, imported_at) VALUES (?, ?, 'a', 'b', ?, NULL, 'h', '{}', 'y', 'now')`);
    insert.run('x', 1, 'file');
    expect(() => insert.run('x', 1, 'file')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => insert.run('y', 1, 'elsewhere')).toThrow(/CHECK/);
    after.close();
    expect(migrations.some((m) => m.version === 5 && m.name === 'checklists')).toBe(true);
  });
});

describe('loading a folder of checklists', () => {
  it('loads the good files and reports the bad one without stopping', async () => {
    copyFileSync(join(library, 'slow-computer.yaml'), join(dir, 'a.yaml'));
    copyFileSync(join(library, 'battery.yaml'), join(dir, 'b.yaml'));
    writeFileSync(join(dir, 'c.yaml'), 'id: broken\nversion: 1\ntitle: { fr: "x", en: "y"\nsteps: [\n');
    writeFileSync(join(dir, 'd.yml'), slowYaml().replace('next: { pass: check-memory, warn: clean-disk', 'next: { pass: check-memroy, warn: clean-disk'));
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const { loaded, problems } = await loadChecklistDir(dir);
    expect(loaded.map((l) => l.document.id).sort()).toEqual(['battery', 'slow-computer']);
    const syntax = problems.find((p) => p.file.endsWith('c.yaml'));
    expect(syntax?.field).toBe('yaml');
    expect(syntax?.message).toMatch(/^\d+:\d+: /);
    expect(problems).toContainEqual(expect.objectContaining({ stepId: 'check-disk', field: 'next.pass', message: expect.stringMatching(/"check-memroy" is not a step/) }));
  });
});

describe('ChecklistStore', () => {
  it('imports the built-in library once and lists it with version and origin', async () => {
    const store = new ChecklistStore(db);
    const first = await store.installBuiltins();
    expect(first.problems).toEqual([]);
    expect(first.outcomes.every((o) => o.status === 'added')).toBe(true);
    expect(first.outcomes).toHaveLength(11);
    const again = await store.installBuiltins();
    expect(again.outcomes.every((o) => o.status === 'unchanged')).toBe(true);
    const list = store.list();
    expect(list).toHaveLength(11);
    expect(list.find((c) => c.id === 'slow-computer')).toMatchObject({ version: 1, origin: 'builtin', source: 'slow-computer.yaml', versions: [1], categories: ['hardware/performance'] });
  });

  it('installs a built-in file again only when its text changed or its version is gone from the store', async () => {
    const lib = join(dir, 'library');
    mkdirSync(lib);
    copyFileSync(join(library, 'slow-computer.yaml'), join(lib, 'slow-computer.yaml'));
    copyFileSync(join(library, 'battery.yaml'), join(lib, 'battery.yaml'));
    const store = new ChecklistStore(db);
    const status = async () => Object.fromEntries((await store.installBuiltins(lib)).outcomes.map((o) => [`${o.id}@${o.version}`, o.status]));
    expect(await status()).toEqual({ 'slow-computer@1': 'added', 'battery@1': 'added' });
    expect(await status()).toEqual({ 'slow-computer@1': 'unchanged', 'battery@1': 'unchanged' });

    writeFileSync(join(lib, 'battery.yaml'), readFileSync(join(library, 'battery.yaml'), 'utf8').replace(/^version: 1$/m, 'version: 2'));
    db.prepare("DELETE FROM checklists WHERE id = 'slow-computer'").run();
    expect(await status()).toEqual({ 'slow-computer@1': 'added', 'battery@2': 'added' });

    // The same version with other text is refused, named, and tried again on the next start.
    writeFileSync(join(lib, 'battery.yaml'), readFileSync(join(lib, 'battery.yaml'), 'utf8').replace(/^title:/m, '# edited\ntitle:'));
    const edited = await store.installBuiltins(lib);
    expect(edited.problems).toEqual([]);
    writeFileSync(join(lib, 'battery.yaml'), readFileSync(join(lib, 'battery.yaml'), 'utf8').replace('Battery drains fast', 'Battery drains quickly'));
    const refused = await store.installBuiltins(lib);
    expect(refused.problems.join('\n')).toMatch(/battery\.yaml: battery version 2 is already stored with different content/);
    expect((await store.installBuiltins(lib)).problems.join('\n')).toMatch(/battery version 2 is already stored/);
  });

  it('keeps every version: a new version does not change what recorded runs replay', async () => {
    const store = new ChecklistStore(db);
    store.importText(slowYaml(), 'builtin', 'slow-computer.yaml');
    const v2 = slowYaml().replace('version: 1', 'version: 2').replace('value: 5 }, result: fail', 'value: 8 }, result: fail');
    const file = join(dir, 'slow-v2.yaml');
    writeFileSync(file, v2);
    expect(await store.importFile(file)).toEqual({ id: 'slow-computer', version: 2, status: 'added' });
    const entry = store.list().find((c) => c.id === 'slow-computer')!;
    expect(entry).toMatchObject({ version: 2, origin: 'file', source: 'slow-v2.yaml', versions: [2, 1] });
    const rule = (v: number) => (store.get('slow-computer', v).steps.find((s) => s.id === 'check-disk') as { rules: { when: { value: unknown } }[] }).rules[0]!.when.value;
    expect(rule(1)).toBe(5);
    expect(rule(2)).toBe(8);
    expect(store.get('slow-computer').version).toBe(2);
  });

  it('refuses different content under an existing version and invalid documents', async () => {
    const store = new ChecklistStore(db);
    store.importText(slowYaml(), 'builtin', 'slow-computer.yaml');
    expect(() => store.importText(slowYaml().replace('value: 5 }', 'value: 6 }'), 'file', 'x.yaml')).toThrow(/already stored with different content/);
    expect(() => store.importText('id: x\n', 'file', 'x.yaml')).toThrow(/problem/);
    expect(() => store.get('nope')).toThrow(/no checklist "nope"/);
    await expect(store.importFile(join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read/);
    expect(store.list()).toHaveLength(1);
  });
});
