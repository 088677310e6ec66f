import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUILTIN_CATEGORIES, CATEGORY_TREE, unknownCategory } from '../../../shared/categories';
import { formatProblem, validateChecklist } from '../../../shared/checklists';
import { migrations } from '../../../electron/core/db/migrations';
import { openDatabase } from '../../../electron/core/db/open';
import { ChecklistStore } from '../../../electron/core/checklists/store';
import { tempDir } from '../../setup/temp';

const t = (s: string) => ({ fr: `${s} (fr)`, en: `${s} (en)` });
const doc = (categories: string[], conclusionCategory?: string) => ({
  id: 'demo',
  version: 1,
  title: t('Demo'),
  applies_to: { os: ['linux'], categories },
  start: 'ok',
  steps: [{ id: 'ok', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'none', ...(conclusionCategory ? { category: conclusionCategory } : {}) }],
});
const libraryDir = join(__dirname, '../../../electron/core/checklists/library');

describe('the one category tree', () => {
  it('has every parent of every category, labelled in French and English', () => {
    for (const node of CATEGORY_TREE) {
      const parent = node.path.includes('/') ? node.path.slice(0, node.path.lastIndexOf('/')) : null;
      if (parent) expect(BUILTIN_CATEGORIES.has(parent), `${node.path} needs ${parent}`).toBe(true);
      expect(node.fr.trim() && node.en.trim(), node.path).toBeTruthy();
    }
  });

  it('holds every category the built-in checklists name (network/connectivity, hardware/cooling…)', () => {
    expect(BUILTIN_CATEGORIES.has('network/connectivity')).toBe(true);
    expect(BUILTIN_CATEGORIES.has('hardware/cooling')).toBe(true);
    for (const name of readdirSync(libraryDir).filter((n) => n.endsWith('.yaml'))) {
      const result = validateChecklist(parse(readFileSync(join(libraryDir, name), 'utf8')), name);
      expect(result.problems.map(formatProblem), name).toEqual([]);
    }
  });

  it('names the nearest known parent and its children for an unknown category', () => {
    expect(unknownCategory('hardware/disk', BUILTIN_CATEGORIES)).toBeNull();
    expect(unknownCategory('hardware/fan', BUILTIN_CATEGORIES)?.message).toMatch(/unknown category "hardware\/fan": under "hardware" the tree has .*"hardware\/cooling"/);
    expect(unknownCategory('plumbing/leak', BUILTIN_CATEGORIES)?.message).toMatch(/unknown category "plumbing\/leak": add it/);
  });
});

describe('checklist validator and categories', () => {
  it('refuses an unknown category in applies_to, naming file:-:field', () => {
    const result = validateChecklist(doc(['hardware/disk', 'hardware/fan']), 'fan.yaml');
    expect(result.ok).toBe(false);
    expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(/^fan\.yaml:-:applies_to\.categories\[1\]: unknown category "hardware\/fan"/)]);
  });

  it('refuses an unknown category on a conclusion, naming file:step:category', () => {
    const result = validateChecklist(doc([], 'network/teleport'), 'x.yaml');
    expect(result.problems.map(formatProblem)).toEqual([expect.stringMatching(/^x\.yaml:ok:category: unknown category "network\/teleport"/)]);
  });

  it('accepts a category a user added to the stored tree, and the migration brings the built-in ones to an old database', () => {
    const file = join(tempDir(), 'a.db');
    const old = openDatabase(file, { migrations, targetVersion: 12 });
    expect(old.prepare(`SELECT 1 FROM categories WHERE path = 'hardware/cooling'`).get()).toBeUndefined();
    old.prepare(`UPDATE categories SET label_en = 'Disks' WHERE path = 'hardware/disk'`).run();
    old.close();
    const db = openDatabase(file, { migrations });
    expect(db.prepare(`SELECT label_fr, label_en FROM categories WHERE path = 'hardware/cooling'`).get()).toEqual({ label_fr: 'Refroidissement', label_en: 'Cooling' });
    expect(db.prepare(`SELECT label_en FROM categories WHERE path = 'hardware/disk'`).pluck().get()).toBe('Disks');

    const store = new ChecklistStore(db);
    const yaml = JSON.stringify(doc(['hardware/fan']));
    expect(() => store.importText(yaml, 'file', 'fan.yaml')).toThrow(/applies_to\.categories\[0\]: unknown category "hardware\/fan"/);
    db.prepare(`INSERT INTO categories (path, label_fr, label_en) VALUES ('hardware/fan', 'Ventilateur', 'Fan')`).run();
    expect(store.importText(yaml, 'file', 'fan.yaml')).toMatchObject({ id: 'demo', status: 'added' });
    db.close();
  });
});
