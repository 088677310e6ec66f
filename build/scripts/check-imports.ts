import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkImports, LAYERS, type ImportViolation } from './import-rules';

// `npm run check:imports`: fails when a file imports across the layers DESIGN.md forbids.
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mts)$/.test(entry) && !entry.endsWith('.d.ts')) yield path;
  }
}

const resolveRelative = (from: string, spec: string) => posix.normalize(posix.join(posix.dirname(from), spec));
const violations: ImportViolation[] = [];
let checked = 0;
for (const layer of Object.keys(LAYERS)) {
  const dir = join(root, layer);
  try {
    statSync(dir);
  } catch {
    continue;
  }
  for (const file of sourceFiles(dir)) {
    const rel = relative(root, file).split('\\').join('/');
    if (rel.endsWith('vite.config.ts')) continue; // build configuration, not app code
    violations.push(...checkImports(rel, readFileSync(file, 'utf8'), resolveRelative));
    checked++;
  }
}
for (const v of violations) console.error(`${v.file}:${v.line}: import "${v.specifier}": ${v.reason}`);
console.log(`import rules: ${checked} files checked, ${violations.length} violation(s)`);
process.exit(violations.length > 0 ? 1 : 0);
