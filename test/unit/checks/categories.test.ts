import { describe, expect, it } from 'vitest';
import { CATEGORY_TREE } from '../../../shared/categories';
import { probeDeclarations } from '../../../shared/checklists/probes';
import { incidentCategory } from '../../../shared/checks';

describe('the category of an incident a failing check opens', () => {
  it('is a category of the tree for every probe that has one (so the checklist panel can match it)', () => {
    const known = new Set(CATEGORY_TREE.map((c) => c.path));
    const mapped = [...probeDeclarations.keys()].filter((probe) => incidentCategory(probe) !== undefined);
    expect(mapped.length).toBeGreaterThan(10);
    for (const probe of mapped) expect(known, `${probe} -> ${incidentCategory(probe)}`).toContain(incidentCategory(probe));
  });

  it('sends disk checks to the disk category and leaves log searches without one', () => {
    expect(['disk.free', 'disk.smart', 'disk.io_errors'].map(incidentCategory)).toEqual(['hardware/disk', 'hardware/disk', 'hardware/disk']);
    expect(incidentCategory('log.grep')).toBeUndefined();
  });
});
