import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { enumeratePaths, validateChecklist, formatProblem, type ChecklistDocument } from '../../../shared/checklists';

const dir = join(__dirname, '../../../electron/core/checklists/library');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const MAX_PATHS = 20_000;

function load(file: string): ChecklistDocument {
  const result = validateChecklist(parse(readFileSync(join(dir, file), 'utf8')), file);
  if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
  return result.document;
}

describe('built-in checklist library', () => {
  it('holds the checklists the issue asks for', () => {
    const ids = files.map((f) => load(f).id).sort();
    expect(ids).toEqual(
      ['app-crash-at-start', 'battery', 'cannot-login', 'crash-bsod', 'disk-failure', 'no-network', 'overheating', 'pc-no-boot', 'printer-not-printing', 'slow-computer', 'wifi-drops'].sort(),
    );
  });

  describe.each(files)('%s', (file) => {
    it('validates with no problem', () => {
      const result = validateChecklist(parse(readFileSync(join(dir, file), 'utf8')), file);
      expect(result.ok ? [] : result.problems.map(formatProblem)).toEqual([]);
    });

    it('reaches a conclusion on every path (bounded enumeration)', () => {
      const doc = load(file);
      const paths = enumeratePaths(doc, { maxPaths: MAX_PATHS, maxDepth: 100 });
      expect(paths.length).toBeGreaterThan(1);
      expect(paths.length).toBeLessThan(MAX_PATHS); // the enumeration was complete, not cut
      const bad = paths.filter((p) => p.end !== 'conclusion').map((p) => `${p.end}: ${p.steps.map((s) => s.id).join(' > ')}`);
      expect(bad).toEqual([]);
      // Every conclusion is reachable by some path.
      const ends = new Set(paths.map((p) => p.steps.at(-1)!.id));
      for (const step of doc.steps.filter((s) => s.kind === 'conclusion')) expect(ends).toContain(step.id);
    });

    it('uses probes and ends on conclusions that give resolution and escalation advice', () => {
      const doc = load(file);
      expect(doc.steps.some((s) => s.kind === 'probe')).toBe(true);
      const conclusions = doc.steps.filter((s) => s.kind === 'conclusion');
      expect(conclusions.length).toBeGreaterThanOrEqual(3);
      expect(conclusions.some((c) => c.escalate !== 'none')).toBe(true);
      for (const c of conclusions) {
        expect(c.resolution.fr.length).toBeGreaterThan(20);
        expect(c.resolution.en.length).toBeGreaterThan(20);
        expect(c.category).toBeTruthy();
      }
    });

    it('has French text that is not a copy of the English', () => {
      const doc = load(file);
      expect(doc.title.fr).not.toBe(doc.title.en);
      const texts = doc.steps.flatMap((s) => (s.kind === 'conclusion' ? [s.diagnosis] : s.kind === 'probe' ? (s.text ? [s.text] : []) : [s.text]));
      const same = texts.filter((t) => t.fr === t.en && t.fr.length > 12);
      expect(same).toEqual([]);
      expect(texts.some((t) => /[éèàçêù’]/.test(t.fr))).toBe(true);
    });
  });
});
