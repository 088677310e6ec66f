import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { FAULT_KINDS, runTrial, trialPlan } from '../../setup/sync-faults';

// A handful of seeded trials, one per fault; `npm run check:sync-faults -- --trials N` runs more.
const SEED = Number(process.env.ATELIER_FAULT_SEED ?? 20_261_123);
let pg: Postgres;
let dir: string;

beforeAll(async () => {
  pg = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'atelier-faults-'));
  console.log(`sync fault trials: seed ${SEED} (rerun: ATELIER_FAULT_SEED=${SEED})`);
});
afterAll(() => {
  pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sync under faults: nothing lost, nothing duplicated, same projections everywhere', () => {
  // One trial per fault, plus extra `proxy-duplicate` ones: the kind that lost events before (issue 18).
  const extra = trialPlan(SEED ^ 0x18, 3).map((trial) => ({ ...trial, kind: 'proxy-duplicate' as const }));
  for (const [index, trial] of [...trialPlan(SEED, FAULT_KINDS.length), ...extra].entries()) {
    it(`trial ${index + 1}: ${trial.kind} (seed ${trial.seed})`, { timeout: 120_000 }, async () => {
      const outcome = await runTrial({ pg, dir }, trial.seed, trial.kind);
      expect({ lost: outcome.lost, duplicated: outcome.duplicated, diverged: outcome.diverged }, outcome.notes.join('\n')).toEqual({ lost: 0, duplicated: 0, diverged: 0 });
      expect(outcome.events).toBeGreaterThan(0);
    });
  }
});
