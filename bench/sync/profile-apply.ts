/**
 * Where the client's pull time goes, without the hub: 100k events in pages of 5,000 (as the hub serves
 * them: JSON text), parsed, validated, then applied to a fresh store event by event (the ticket store's
 * `applyExternal` plus the old per-event "own events synced" update) and as a batch (`BatchApplier`, what
 * the sync uses). `tsx bench/sync/profile-apply.ts` (not run by `npm run bench`); `ONLY_BATCH=1` skips the
 * first apply; with `node --cpu-prof --import tsx` it gives the profile docs/sync.md quotes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open';
import { BatchApplier } from '../../electron/core/tickets/apply-batch';
import { ProjectionWriter } from '../../electron/core/tickets/projection';
import { TicketService } from '../../electron/core/tickets/service';
import { parseEvent } from '../../shared/tickets';
import { makeEvents } from './events';

const N = Number(process.env.BENCH_SYNC_EVENTS ?? 100_000);
const PAGE = 5_000;
const events = makeEvents(N, { node: '00000000000000aa', actor: 'dispatch-import' });
const pages: string[] = [];
for (let i = 0; i < N; i += PAGE) pages.push(`{"events":[${events.slice(i, i + PAGE).map((e) => JSON.stringify(e)).join(',')}]}`);
const ms = (start: number) => Math.round(performance.now() - start);

let t = performance.now();
const parsed = pages.map((text) => (JSON.parse(text) as { events: unknown[] }).events);
process.stdout.write(`json.parse ${ms(t)} ms\n`);
t = performance.now();
for (const page of parsed) page.forEach((e, i) => parseEvent(e, `events[${i}]`));
process.stdout.write(`zod parseEvent ${ms(t)} ms\n`);

const dir = mkdtempSync(join(tmpdir(), 'atelier-profile-'));
try {
  const db = openDatabase(join(dir, 'a.db'));
  const service = new TicketService(db, () => 'x');
  const mark = db.prepare("UPDATE events SET synced_at = ? WHERE id = ? AND origin = 'local' AND synced_at IS NULL");
  t = performance.now();
  for (const page of process.env.ONLY_BATCH ? [] : parsed) {
    db.transaction(() => {
      service.store.applyExternal(page, 'remote', 'now');
      for (const raw of page) mark.run('now', (raw as { id: string }).id);
    })();
  }
  process.stdout.write(`apply event by event (applyExternal + mark own) ${ms(t)} ms\n`);
  db.close();
  const db2 = openDatabase(join(dir, 'b.db'));
  const service2 = new TicketService(db2, () => 'x');
  const applier = new BatchApplier(db2, service2.store, new ProjectionWriter(db2, () => service2.sla()));
  t = performance.now();
  for (const page of parsed) applier.apply(page, 'remote', 'now');
  process.stdout.write(`apply as a batch (BatchApplier) ${ms(t)} ms\n`);
  db2.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
