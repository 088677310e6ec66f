import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const library = join(root, 'electron/core/checklists/library');
let dir: string;

function cli(...args: string[]) {
  const out = spawnSync('npx', ['tsx', 'electron/cli/index.ts', 'checklist', 'validate', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-cli-'));
  copyFileSync(join(library, 'battery.yaml'), join(dir, 'good.yaml'));
  const bad = readFileSync(join(library, 'battery.yaml'), 'utf8')
    .replace('next: { done: charger-faulty, failed: charge-circuit }', 'next: { done: charger-broken, failed: charge-circuit }')
    .replace('field: wear_percent, op: ">=", value: 40 }, result: fail', 'field: wear, op: ">=", value: 40 }, result: fail');
  writeFileSync(join(dir, 'bad.yaml'), bad);
  writeFileSync(join(dir, 'syntax.yaml'), 'id: x\n  version: 1\n: :\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('atelier checklist validate', () => {
  it('exits 0 with a one-line summary when every file is valid', () => {
    const { code, stdout } = cli(join(library, 'slow-computer.yaml'), join(dir, 'good.yaml'));
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual(['OK: 2 checklist file(s) valid']);
  });

  it('prints file:step:field: message per problem and exits 1', () => {
    const bad = join(dir, 'bad.yaml');
    const { code, stdout, stderr } = cli(join(dir, 'good.yaml'), bad, join(dir, 'syntax.yaml'));
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toContain(`${bad}:swap-charger:next.done: "charger-broken" is not a step of this checklist`);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${bad.replace(/[/.]/g, '\\$&')}:check-wear:rules\\[0\\]\\.when\\.field: "wear" is not a field`)));
    expect(lines).toContain(`${bad}:charger-faulty:id: unreachable: no path from start leads to this step`);
    expect(lines.some((l) => /syntax\.yaml:-:yaml: \d+:\d+: /.test(l))).toBe(true);
    for (const line of lines) expect(line).toMatch(/^[^:]+:[^:]+:[^:]+: .+/);
    expect(lines.some((l) => l.includes('good.yaml'))).toBe(false);
    expect(stderr).toMatch(/2 of 3 file\(s\) invalid/);
  });

  it('reports a missing file as a problem, not a crash', () => {
    const { code, stdout } = cli(join(dir, 'nope.yaml'));
    expect(code).toBe(1);
    expect(stdout).toMatch(/nope\.yaml:-:file: cannot read the file \(ENOENT\)/);
  });
});
