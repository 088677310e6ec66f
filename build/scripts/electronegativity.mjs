// `npm run check:electron`: Electron's security checklist, checked statically with Electronegativity
// (the desktop shell cannot run here). Fails on any HIGH finding and on any other finding that is not
// justified in build/electronegativity/justifications.json.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

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
try {
  execFileSync(bin, ['-i', stage, '-e', electronVersion, '-r', '-o', report], { stdio: ['ignore', 'ignore', 'inherit'] });
  const rows = readFileSync(report, 'utf8').trim().split('\n').slice(1).filter(Boolean);
  const findings = rows.map((row) => {
    const [issue, severity, confidence, file, location] = row.split(',').map((cell) => cell.replace(/^"|"$/g, ''));
    return { issue, severity, confidence, file, location };
  });
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
