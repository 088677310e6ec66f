import { existsSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

// Registered before the helper's own file-level hook (hence the import below, not at the top), so it runs
// after it: after-hooks run in reverse order.
afterAll(() => {
  for (const [what, dir] of Object.entries({ inBeforeAll: made.inBeforeAll, inSuiteBody: made.inSuiteBody })) expect(existsSync(dir), what).toBe(false);
});
const { tempDir } = await import('../../setup/temp');

// The test helper's temp folders go when their test (or suite) ends: a CI machine's /tmp must not fill up.
const made = { inTest: '', inBeforeEach: [] as string[], inBeforeAll: '', inSuiteBody: '' };

describe('tempDir, used every way the tests use it', () => {
  made.inSuiteBody = tempDir();
  beforeAll(() => {
    made.inBeforeAll = tempDir();
  });
  beforeEach(() => {
    made.inBeforeEach.push(tempDir());
  });

  it('makes folders that exist while the test runs', () => {
    made.inTest = tempDir();
    for (const dir of [made.inTest, made.inBeforeEach[0]!, made.inBeforeAll, made.inSuiteBody]) expect(existsSync(dir)).toBe(true);
  });

  it("has removed the previous test's folders, its own beforeEach's included, and keeps the suite's", () => {
    expect(existsSync(made.inTest)).toBe(false);
    expect(existsSync(made.inBeforeEach[0]!)).toBe(false);
    expect(existsSync(made.inBeforeEach[1]!)).toBe(true);
    expect(existsSync(made.inBeforeAll)).toBe(true);
    expect(existsSync(made.inSuiteBody)).toBe(true);
  });
});

describe('after that suite', () => {
  it("has removed the folders its tests made; the suite's own go when the file's tests end", () => {
    expect(made.inBeforeEach).toHaveLength(2);
    for (const [what, dir] of Object.entries({ inTest: made.inTest, first: made.inBeforeEach[0], second: made.inBeforeEach[1] })) expect(existsSync(dir!), what).toBe(false);
    expect(existsSync(made.inBeforeAll)).toBe(true);
  });
});

