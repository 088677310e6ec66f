// `npm run test:repeat -- N [vitest filters…]`: runs the unit and integration suites N times and reports
// every test that failed at least once, with how often. Exit code 1 when any test flickered or failed.
// Seeded tests print their seed in their name; rerun one with the environment variable it names.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';

const [countArg, ...filters] = process.argv.slice(2);
const runs = Number(countArg ?? 5);
if (!Number.isInteger(runs) || runs < 1 || runs > 100) {
  console.error('usage: npm run test:repeat -- N [vitest filters…]   (N from 1 to 100)');
  process.exit(2);
}

const scratch = mkdtempSync(join(tmpdir(), 'atelier-repeat-'));
/** test name → { passed, failed, lastError } */
const tally = new Map();
try {
  for (let run = 1; run <= runs; run++) {
    const report = join(scratch, `run-${run}.json`);
    const started = Date.now();
    const child = spawnSync('npx', ['vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`, ...filters], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    let results;
    try {
      results = JSON.parse(readFileSync(report, 'utf8'));
    } catch {
      console.error(`run ${run}: vitest wrote no report (exit ${child.status}); stopping`);
      process.exit(1);
    }
    let failedThisRun = 0;
    for (const file of results.testResults) {
      if (file.status === 'failed' && file.assertionResults.length === 0) {
        // The file itself failed (an import, a hook): count it as one test.
        file.assertionResults.push({ fullName: '(file)', status: 'failed', failureMessages: [file.message] });
      }
      for (const test of file.assertionResults) {
        if (test.status !== 'passed' && test.status !== 'failed') continue;
        const name = `${file.name.slice(process.cwd().length + 1)} › ${test.fullName}`;
        const entry = tally.get(name) ?? { passed: 0, failed: 0, lastError: '' };
        if (test.status === 'passed') entry.passed++;
        else {
          entry.failed++;
          failedThisRun++;
          entry.lastError = String(test.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300);
        }
        tally.set(name, entry);
      }
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const load = loadavg().map((l) => l.toFixed(1)).join(' ');
    console.log(`run ${run}/${runs}: ${results.numPassedTests} passed, ${failedThisRun} failed in ${seconds} s (load ${load})`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const bad = [...tally].filter(([, e]) => e.failed > 0);
console.log(`\n${tally.size} tests over ${runs} runs; ${bad.length} failed at least once`);
for (const [name, e] of bad) {
  console.log(`${e.passed > 0 ? 'FLAKY' : 'FAILED'} ${e.failed}/${e.passed + e.failed}: ${name}\n    ${e.lastError}`);
}
process.exitCode = bad.length > 0 ? 1 : 0;
