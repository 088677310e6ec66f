import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const generated = readFileSync(new URL('../../../electron/core/inventory/glpi/validator.generated.js', import.meta.url), 'utf8');

describe('the precompiled GLPI schema validator', () => {
  it('is what the shipped schema compiles to (regenerate with node build/scripts/glpi-validator.mjs)', () => {
    // Throws, with the script's message, when the committed module and the schema disagree.
    execFileSync(process.execPath, ['build/scripts/glpi-validator.mjs', '--check'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  }, 150_000);

  it('imports nothing, so the packaged app validates without ajv (a devDependency)', () => {
    expect(generated.match(/^\s*import\s.*$|require\(\s*["'][^"']+["']\s*\)/gm) ?? []).toEqual([]);
  });
});
