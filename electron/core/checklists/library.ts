import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../version';

/** The built-in checklists: next to this file in the source tree, under the package root otherwise (bundle). */
export function builtinLibraryDir(): string {
  const here = join(dirname(fileURLToPath(import.meta.url)), 'library');
  if (existsSync(here)) return here;
  return join(packageRoot(), 'electron', 'core', 'checklists', 'library');
}
