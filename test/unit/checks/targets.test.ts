import { describe, expect, it } from 'vitest';
import { parsePlanText } from '../../../electron/core/checks';
import { appliesTo, type CheckHost } from '../../../electron/core/checks/targets';

const host = (name: string, site: string | null, tags: string[] = []): CheckHost => ({ name, osFamily: 'linux', tags, site, local: false });

function check(appliesToYaml: string) {
  const loaded = parsePlanText(
    `id: p
version: 1
title: { fr: P, en: P }
checks:
  - id: disk
    title: { fr: Disque, en: Disk }
    probe: disk.free
    every: 1h
    applies_to: ${appliesToYaml}
`,
    'p.yaml',
  );
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.plan.checks[0]!;
}

describe('which hosts a check targets', () => {
  it('by site, whatever the case, and never a host with no site', () => {
    const byLyon = check('{ sites: [Lyon] }');
    expect(appliesTo(byLyon, host('ws-1', 'lyon'))).toBe(true);
    expect(appliesTo(byLyon, host('ws-2', 'Paris'))).toBe(false);
    expect(appliesTo(byLyon, host('ws-3', null))).toBe(false);
  });

  it('by site and tag together: both must match', () => {
    const c = check('{ sites: [Lyon], tags: [compta] }');
    expect(appliesTo(c, host('ws-1', 'Lyon', ['compta']))).toBe(true);
    expect(appliesTo(c, host('ws-2', 'Lyon', ['rh']))).toBe(false);
    expect(appliesTo(c, host('ws-3', 'Paris', ['compta']))).toBe(false);
  });
});
