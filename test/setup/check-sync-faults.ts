/**
 * `npm run check:sync-faults -- --trials N [--seed S] [--kind K] [--from I]`: N seeded fault trials against a
 * throwaway PostgreSQL. Prints one line per trial and, last, `FAULTS trials=N lost=L duplicated=D diverged=V`.
 * Exits 1 when anything was lost, duplicated or diverged. A trial whose set-up fails (a hub that does not
 * start on an overloaded machine) is tried again once; if it fails again the run stops, saying how to go on
 * from that trial with `--from I` (the same seed gives the same plan).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from './postgres';
import { FAULT_KINDS, runTrial, trialPlan, type FaultKind } from './sync-faults';

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

const trials = Number(flag('trials') ?? 7);
const seed = Number(flag('seed') ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(trials) || trials < 1 || trials > 1_000) {
  process.stderr.write('--trials must be a whole number from 1 to 1000\n');
  process.exit(2);
}
const from = Number(flag('from') ?? 1);
if (!Number.isInteger(from) || from < 1 || from > trials) {
  process.stderr.write(`--from must be a trial number from 1 to ${trials}\n`);
  process.exit(2);
}
const only = flag('kind');
if (only !== undefined && !(FAULT_KINDS as readonly string[]).includes(only)) {
  process.stderr.write(`--kind must be one of ${FAULT_KINDS.join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`seed=${seed} (rerun with --seed ${seed})\n`);
const pg = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), 'atelier-faults-'));
const totals = { lost: 0, duplicated: 0, diverged: 0 };
try {
  for (const [i, trial] of trialPlan(seed, trials).entries()) {
    if (i + 1 < from) continue;
    const started = Date.now();
    const run = () => runTrial({ pg, dir }, trial.seed, (only as FaultKind | undefined) ?? trial.kind);
    const outcome = await run().catch((error: unknown) => {
      process.stdout.write(`trial ${i + 1}/${trials} set-up failed, trying it again: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
      return run().catch((again: unknown) => {
        throw new Error(`trial ${i + 1} failed to set up twice; go on with --seed ${seed} --trials ${trials} --from ${i + 1}`, { cause: again });
      });
    });
    totals.lost += outcome.lost;
    totals.duplicated += outcome.duplicated;
    totals.diverged += outcome.diverged;
    process.stdout.write(
      `trial ${i + 1}/${trials} kind=${outcome.kind} seed=${outcome.seed} events=${outcome.events} lost=${outcome.lost} ` +
        `duplicated=${outcome.duplicated} diverged=${outcome.diverged} ${Date.now() - started}ms | ${outcome.notes.join('; ')}\n`,
    );
  }
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`FAULTS trials=${trials - from + 1} lost=${totals.lost} duplicated=${totals.duplicated} diverged=${totals.diverged}\n`);
process.exit(totals.lost + totals.duplicated + totals.diverged > 0 ? 1 : 0);
