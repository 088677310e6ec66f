// `npm run check:electron`: Electron's security checklist, checked statically with Electronegativity
// (the desktop shell cannot run here). Fails on any HIGH finding and on any other finding that is not
// justified in build/electronegativity/justifications.json.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';

const toolDir = join('build', 'electronegativity');
const bin = join(toolDir, 'node_modules', '.bin', 'electronegativity');
if (!existsSync(bin)) {
  // Its own folder: it needs TypeScript 5's compiler API, which the app's TypeScript 7 has not.
  execFileSync('npm', ['ci', '--prefix', toolDir, '--no-audit', '--no-fund'], { stdio: 'inherit' });
}

const electronVersion = createRequire(import.meta.url)('electron/package.json').version;
const justified = JSON.parse(readFileSync(join(toolDir, 'justifications.json'), 'utf8'));

// Scan the shell's sources together with the page it loads (the page carries the CSP meta tag).
const stage = mkdtempSync(join(tmpdir(), 'atelier-en-'));
cpSync('electron', join(stage, 'electron'), { recursive: true });
cpSync(join('renderer', 'index.html'), join(stage, 'index.html'));
const report = join(stage, 'report.csv');
const ISSUE = /^[A-Z][A-Z0-9_]*$/;

/** One scan; null when the report came out garbled (seen once in CI: a row missing its start). */
function scan() {
  rmSync(report, { force: true });
  execFileSync(bin, ['-i', stage, '-e', electronVersion, '-r', '-o', report], { stdio: ['ignore', 'ignore', 'inherit'] });
  const rows = parse(readFileSync(report, 'utf8'), { from_line: 2, relax_column_count: true, trim: true, skip_empty_lines: true });
  const findings = rows.map(([issue, severity, confidence, file, location]) => ({ issue, severity, confidence, file, location }));
  return findings.every((f) => ISSUE.test(f.issue ?? '')) ? findings : null;
}

try {
  let findings = null;
  for (let attempt = 1; attempt <= 3 && !findings; attempt++) {
    findings = scan();
    if (!findings) console.log(`electronegativity: the report of scan ${attempt} is garbled; scanning again`);
  }
  if (!findings) throw new Error('electronegativity: three garbled reports in a row');
  let failed = 0;
  for (const f of findings) {
    const reason = justified[f.issue];
    const verdict = f.severity === 'HIGH' ? 'FAIL (high)' : reason ? 'justified' : 'FAIL (not justified)';
    if (!verdict.startsWith('justified')) failed++;
    console.log(`${verdict}: ${f.issue} [${f.severity}/${f.confidence}] ${f.file}:${f.location}${reason ? ` — ${reason}` : ''}`);
  }
  console.log(`electronegativity (Electron ${electronVersion}): ${findings.length} finding(s), ${failed} failing`);
  process.exitCode = failed > 0 ? 1 : 0;
} finally {
  rmSync(stage, { recursive: true, force: true });
}
