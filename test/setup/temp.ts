import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

/** Folders made outside a test (a suite's body, `beforeAll`): removed once the test file's tests have run. */
const madeOutsideTests = new Set<string>();
// Registered when a test file imports this module, so on that file's own suite (Vitest isolates each file).
afterAll(() => {
  for (const dir of madeOutsideTests) rmSync(dir, { recursive: true, force: true });
  madeOutsideTests.clear();
});

/**
 * A temp folder removed when the test that made it ends; made outside a test, when the file's tests end.
 * (Hooks registered while a test or `beforeAll` runs never run: `afterEach` called from a test left thousands
 * of folders behind per CI run.)
 */
export function tempDir(prefix = 'atelier-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  } catch {
    madeOutsideTests.add(dir);
  }
  return dir;
}
