import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { TicketService } from '../../../electron/core/tickets/service';
import { REPO_ROOT } from '../../setup/serve-process';
import { foldedFromLog, projections } from '../../setup/tickets';
import { tempDir } from '../../setup/temp';
import { prng } from '../../unit/tickets/fixtures';

const WRITER = join(REPO_ROOT, 'test', 'fixtures', 'crash-writer.ts');

/** Starts the writer, waits until it writes, kills it with SIGKILL after `delayMs`. */
async function killMidWrite(file: string, delayMs: number): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`writer exited early with ${code}`)));
  });
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('a crash in the middle of writing', () => {
  it('never leaves a half-applied projection (bounded: 4 kills at random moments)', async () => {
    const file = join(tempDir(), 'atelier.db');
    const rand = prng(7);
    let previousEvents = 0;
    for (let trial = 0; trial < 4; trial++) {
      await killMidWrite(file, 50 + Math.floor(rand() * 400));
      const db = openDatabase(file);
      const service = new TicketService(db, () => 'checker');
      const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
      expect(events).toBeGreaterThan(previousEvents);
      previousEvents = events;
      expect(projections(db)).toEqual(foldedFromLog(service, db));
      const fts = db.prepare('SELECT count(*) FROM tickets_fts').pluck().get();
      expect(fts).toBe(db.prepare('SELECT count(*) FROM tickets').pluck().get());
      db.close();
    }
  }, 60_000);
});
