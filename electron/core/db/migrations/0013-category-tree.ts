import { CATEGORY_TREE } from '../../../../shared/categories';
import type { Migration } from '../migration';

/**
 * One category tree for tickets, checklists and articles: adds the categories the built-in checklists
 * name (network/connectivity, hardware/cooling…) that the first seed lacked. Labels a user already set
 * are kept.
 */
export const migration0013: Migration = {
  version: 13,
  name: 'category-tree',
  up(db) {
    const insert = db.prepare('INSERT INTO categories (path, label_fr, label_en) VALUES (?, ?, ?) ON CONFLICT (path) DO NOTHING');
    for (const { path, fr, en } of CATEGORY_TREE) insert.run(path, fr, en);
  },
};
