/**
 * Sync benchmark on a real PostgreSQL (issue 7). Prints:
 *   BENCH sync.initial_pull_100k_events s     a fresh device pulls and applies 100k events
 *   BENCH sync.push_10k_events s              a device pushes 10k events it made
 *   BENCH sync.incremental_100_events ms      a synced device takes in 100 new events
 *   BENCH hub.push_events_per_s events/s      8 concurrent clients pushing batches of 500
 *   BENCH pg.copy_100k_events s               floor: COPY of the same rows into PostgreSQL
 *   BENCH sqlite.raw_insert_100k_events s     floor: plain inserts of the same rows into SQLite
 * The hub runs as its own process (`hub serve`), the client in this one, as on a technician's laptop.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { TicketEvent } from '../../shared/tickets';
import { HubClient } from '../../electron/core/sync/hub-client';
import { BatchApplier } from '../../electron/core/tickets/apply-batch';
import { ProjectionWriter } from '../../electron/core/tickets/projection';
import { DEFAULT_PULL_LIMIT } from '../../shared/sync/protocol';
import { startPostgres } from '../../test/setup/postgres';
import { Accounts } from '../../hub/store/accounts';
import { openMigratedPostgres, spawnHub, userToken } from '../../test/setup/hub';
import { freePort } from '../../test/setup/sshd';
import { openSyncDevice } from '../../test/setup/sync';
import { EventLog } from '../../hub/store/event-log';
import { makeEvents } from './events';

const N = Number(process.env.BENCH_SYNC_EVENTS ?? 100_000);
const line = (name: string, value: number, unit: string) => process.stdout.write(`BENCH ${name} ${value} ${unit}\n`);
const seconds = (ms: number) => Math.round(ms) / 1000;
const time = async (work: () => Promise<unknown> | unknown) => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-sync-'));
const pg = await startPostgres();
try {
  const url = await pg.createDatabase('bench');
  const db = await openMigratedPostgres(url);
  // The hub in its own process, as deployed (its default limits apply).
  const hub = { ...(await spawnHub(url, await freePort())), accounts: new Accounts(db) };
  const source = makeEvents(N, { node: '00000000000000aa', actor: 'dispatch-import' });

  // Floors: the same rows straight into each database.
  const copyMs = await copyIntoPostgres(url, source);
  line('pg.copy_100k_events', seconds(copyMs), 's');
  line('sqlite.raw_insert_100k_events', seconds(rawSqlite(join(dir, 'raw.db'), source)), 's');

  // The hub holds 100k events; a fresh device pulls them all through the app's sync.
  const log = new EventLog(db);
  for (let i = 0; i < source.length; i += 5_000) await log.append(1, source.slice(i, i + 5_000), null);
  const fresh = openSyncDevice(join(dir, 'fresh.db'), { actor: 'fresh', hubUrl: hub.url, token: await userToken(hub.accounts, 'fresh') });
  let pulled = 0;
  const pullMs = await time(async () => (pulled = (await fresh.engine.syncOnce(undefined, { push: false })).pulled));
  if (pulled !== N) throw new Error(`pulled ${pulled} of ${N}`);
  line('sync.initial_pull_100k_events', seconds(pullMs), 's');
  process.stdout.write(`# pull: ${Math.round(N / (pullMs / 1000))} events/s; ${(pullMs / copyMs).toFixed(1)}x the PostgreSQL COPY floor\n`);
  // A device pushes 10k events it made (rows written as its own, unsynced).
  const pusher = openSyncDevice(join(dir, 'pusher.db'), { actor: 'pusher', hubUrl: hub.url, token: await userToken(hub.accounts, 'pusher') });
  const node = pusher.db.prepare('SELECT node_id FROM device').pluck().get() as string;
  const mine = makeEvents(10_000, { node, actor: 'pusher' });
  pusher.service.store.applyExternal(mine, 'demo');
  pusher.db.prepare("UPDATE events SET origin = 'local', synced_at = NULL WHERE origin = 'demo'").run();
  let pushed = 0;
  const pushMs = await time(async () => (pushed = (await pusher.engine.syncOnce(undefined, { pull: false })).pushed));
  if (pushed !== 10_000) throw new Error(`pushed ${pushed} of 10000`);
  line('sync.push_10k_events', seconds(pushMs), 's');

  // Incremental: 100 new events reach the hub, the already synced device takes them in.
  await fresh.engine.syncOnce();
  const more = makeEvents(100, { node, actor: 'pusher' });
  pusher.service.store.applyExternal(more, 'demo');
  pusher.db.prepare("UPDATE events SET origin = 'local', synced_at = NULL WHERE origin = 'demo'").run();
  await pusher.engine.syncOnce(undefined, { pull: false });
  const incMs = await time(() => fresh.engine.syncOnce());
  line('sync.incremental_100_events', Math.round(incMs), 'ms');

  // Hub throughput: 8 clients, each its own user, device and clock node, pushing at once.
  const clients = await Promise.all(
    Array.from({ length: 8 }, async (_, i) => {
      const user = `load${i}`;
      const token = await userToken(hub.accounts, user);
      return { client: new HubClient({ url: hub.url, token }), events: makeEvents(12_500, { node: `00000000000001${i.toString(16).padStart(2, '0')}`, actor: user }) };
    }),
  );
  const loadMs = await time(() =>
    Promise.all(
      clients.map(async ({ client, events }) => {
        for (let i = 0; i < events.length; i += 500) await client.push(events.slice(i, i + 500));
      }),
    ),
  );
  line('hub.push_events_per_s', Math.round((8 * 12_500) / (loadMs / 1000)), 'events/s');

  // Where the pull's time goes: the same pages fetched alone (hub query, HTTP, JSON), then applied alone
  // (last, so its writes do not weigh on the figures above).
  const pages: unknown[][] = [];
  const fetcher = new HubClient({ url: hub.url, token: await userToken(hub.accounts, 'fresh', 'fetcher') });
  const fetchMs = await time(async () => {
    // The first N events of the log are the ones the fresh device pulled (the later ones came from pushes).
    for (let after = 0, count = 0; count < N; ) {
      const page = await fetcher.pull(after, Math.min(DEFAULT_PULL_LIMIT, N - count));
      if (page.events.length === 0) throw new Error(`the hub served ${count} of ${N} events`);
      pages.push(page.events);
      [after, count] = [page.next, count + page.events.length];
    }
  });
  const alone = openSyncDevice(join(dir, 'alone.db'), { actor: 'alone', hubUrl: hub.url, token: '' });
  const applier = new BatchApplier(alone.db, alone.service.store, new ProjectionWriter(alone.db, () => alone.service.sla()));
  const applyMs = await time(() => pages.forEach((page) => applier.apply(page, 'remote', 'now')));
  alone.close();
  process.stdout.write(`# of which, measured apart: fetching the pages ${seconds(fetchMs)} s, applying them ${seconds(applyMs)} s (the round overlaps the two)\n`);

  fresh.close();
  pusher.close();
  await hub.kill();
  await db.close();
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** COPY FROM STDIN through psql into a table shaped like the hub's log. */
async function copyIntoPostgres(url: string, events: readonly TicketEvent[]): Promise<number> {
  const db = await openMigratedPostgres(url);
  await db.exec('CREATE TABLE copy_floor (LIKE events INCLUDING DEFAULTS INCLUDING INDEXES)');
  await db.close();
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
  const rows = events.map((e, i) => [i + 1, e.id, 1, e.ticketId, e.hlc, e.actor, e.device, e.type, escape(JSON.stringify(e))].join('\t')).join('\n') + '\n';
  return await time(
    () =>
      new Promise<void>((resolve, reject) => {
        const psql = spawn('psql', [url, '-v', 'ON_ERROR_STOP=1', '-c', 'COPY copy_floor (seq, id, team_id, ticket_id, hlc, actor, device, type, body) FROM STDIN'], { stdio: ['pipe', 'ignore', 'pipe'] });
        let err = '';
        psql.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        psql.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql COPY failed: ${err}`))));
        psql.stdin.end(rows);
      }),
  );
}

/** Plain prepared inserts of the same rows into a SQLite table shaped like the app's log, one transaction. */
function rawSqlite(file: string, events: readonly TicketEvent[]): number {
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, ticket_id TEXT NOT NULL, hlc TEXT NOT NULL,
    actor TEXT NOT NULL, device TEXT NOT NULL, type TEXT NOT NULL, payload TEXT NOT NULL, origin TEXT NOT NULL, synced_at TEXT) STRICT;
    CREATE INDEX events_by_ticket ON events (ticket_id, hlc, id);`);
  const insert = db.prepare('INSERT INTO events (id, ticket_id, hlc, actor, device, type, payload, origin, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (const e of events) insert.run(e.id, e.ticketId, e.hlc, e.actor, e.device, e.type, JSON.stringify(e.payload), 'remote', 'x');
  })();
  const ms = performance.now() - start;
  db.close();
  return ms;
}
