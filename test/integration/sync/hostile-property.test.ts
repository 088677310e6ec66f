import { afterAll, beforeAll, describe, it } from 'vitest';
import type { HubDatabase } from '../../../hub/db/sql';
import { openMigratedPostgres, startHub, type TestHub } from '../../setup/hub';
import { startPostgres, type Postgres } from '../../setup/postgres';
import { checkSyncProperty } from '../../setup/sync-property';
import { tempDir } from '../../setup/temp';

// Bounded for CI; `npm run check:sync-property -- --runs N [--seed S]` runs thousands.
const SEED = Number(process.env.ATELIER_PROPERTY_SEED ?? Date.now() % 2 ** 31);
const RUNS = Number(process.env.ATELIER_PROPERTY_RUNS ?? 4);
let pg: Postgres;
let db: HubDatabase;
let hub: TestHub;

beforeAll(async () => {
  pg = await startPostgres();
  db = await openMigratedPostgres(await pg.createDatabase('hostile_property'));
  hub = await startHub(db);
  console.log(`sync property: seed ${SEED}, ${RUNS} runs (rerun: ATELIER_PROPERTY_SEED=${SEED})`);
}, 60_000);
afterAll(async () => {
  await hub?.close();
  await db?.close();
  pg?.stop();
});

describe('honest and hostile pushes in any order', () => {
  it('whatever the hub accepted, a fresh device applies it all and honest devices converge', { timeout: 240_000 }, async () => {
    await checkSyncProperty(hub, tempDir(), { numRuns: RUNS, seed: SEED, maxSteps: 6 });
  });
});
