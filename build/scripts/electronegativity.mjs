// `npm run check:electron`: Electron's security checklist, checked statically with Electronegativity
// (the desktop shell cannot run here). Fails on any HIGH finding, on any other finding that is not
// justified in build/electronegativity/justifications.json, and on any file the scanner could not parse.
//
// The findings come from Electronegativity's programmatic API, not from its CSV report: the CLI writes
// that report with two unsynchronised async writes (header with flag 'w', rows with flag 'a'), so about
// one run in three the header's truncation lands after the rows and cuts the report's beginning.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const toolDir = resolve('build', 'electronegativity');
const entry = join(toolDir, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'runner.js');
if (!existsSync(entry)) {
  // Its own folder: it needs TypeScript 5's compiler API, which the app's TypeScript 7 has not.
  execFileSync('npm', ['ci', '--prefix', toolDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const loaded = require(entry);
const run = loaded.default ?? loaded; // babel's add-module-exports makes the function the module itself
const justified = JSON.parse(readFileSync(join(toolDir, 'justifications.json'), 'utf8'));

// Scan the shell's sources together with the page it loads (the page carries the CSP meta tag).
const stage = mkdtempSync(join(tmpdir(), 'atelier-en-'));
cpSync('electron', join(stage, 'electron'), { recursive: true });
cpSync(join('renderer', 'index.html'), join(stage, 'index.html'));

try {
  const result = await run({
    input: stage,
    isRelative: true,
    customScan: [],
    excludeFromScan: [],
    parserPlugins: [],
    electronVersionOverride: electronVersion,
  });
  let failed = 0;
  for (const error of result.errors) {
    if (error.tolerable) continue;
    failed++;
    console.log(`FAIL (not scanned): ${error.file} — ${error.message}`);
  }
  for (const f of result.issues) {
    const reason = justified[f.id];
    const severity = f.severity.name;
    const verdict = severity === 'HIGH' ? 'FAIL (high)' : reason ? 'justified' : 'FAIL (not justified)';
    if (verdict !== 'justified') failed++;
    const where = `${f.file}:${f.location.line}:${f.location.column}`;
    console.log(`${verdict}: ${f.id} [${severity}/${f.confidence.name}] ${where}${reason ? ` — ${reason}` : ''}`);
  }
  console.log(`electronegativity (Electron ${electronVersion}): ${result.issues.length} finding(s), ${failed} failing`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
