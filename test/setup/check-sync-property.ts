/**
 * `npm run check:sync-property -- --runs N [--seed S]`: the hostile-push property (sync-property.ts) over N
 * random sequences against a throwaway PostgreSQL. Last line `PROPERTY runs=N seed=S ok`; a failure prints
 * the shrunk sequence and exits 1.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openMigratedPostgres, startHub } from './hub';
import { startPostgres } from './postgres';
import { checkSyncProperty } from './sync-property';

const flag = (name: string) => {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
};
const runs = Number(flag('runs') ?? 100);
const seed = Number(flag('seed') ?? Math.floor(Math.random() * 2 ** 31));
if (!Number.isInteger(runs) || runs < 1 || runs > 100_000) {
  process.stderr.write('--runs must be a whole number from 1 to 100000\n');
  process.exit(2);
}
process.stdout.write(`seed=${seed} (rerun with --seed ${seed})\n`);
const pg = await startPostgres();
const dir = mkdtempSync(join(tmpdir(), 'atelier-property-'));
const db = await openMigratedPostgres(await pg.createDatabase('property'));
const hub = await startHub(db);
let failed = false;
try {
  await checkSyncProperty(hub, dir, { numRuns: runs, seed });
  process.stdout.write(`PROPERTY runs=${runs} seed=${seed} ok\n`);
} catch (error) {
  failed = true;
  process.stdout.write(`PROPERTY runs=${runs} seed=${seed} FAILED\n${error instanceof Error ? error.message : String(error)}\n`);
} finally {
  await hub.close();
  await db.close();
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
