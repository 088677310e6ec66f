// bench/queue: a store of 100,000 tickets and 1,000,000 events; queue pages, search, append, rebuild.
// Prints `BENCH <name> <value> <unit>`; the baseline is plain SQLite inserts in the same run.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { scheduleCheckpoints } from '../../electron/core/db/checkpoint';
import { openDatabase } from '../../electron/core/db/open';
import { demoEvents } from '../../electron/core/tickets/demo';
import { TicketService } from '../../electron/core/tickets/service';
import type { TicketEvent } from '../../shared/tickets';

/** Follow-up notes as technicians write them, so words are spread as in a real store. */
const NOTES = [
  'Rappelé l’utilisateur, pas de réponse, nouvel essai demain matin.',
  'Checked the event log: no new errors since the driver update.',
  'Pièce commandée chez le fournisseur, livraison prévue sous 48 h.',
  'User confirms the issue is back after the reboot.',
  'Mise à jour du BIOS appliquée, redémarrage effectué.',
  'Remote session: cleared the print spooler and restarted the service.',
  'Le câble réseau était débranché sous le bureau.',
  'Escalation note: reproduces on two other machines in the same office.',
  'Sauvegarde vérifiée avant intervention sur le disque.',
  'Password reset done over the phone after identity check.',
  'Test mémoire lancé pour la nuit.',
  'Replaced the docking station; both screens work again.',
  'Antivirus a mis en quarantaine un fichier suspect.',
  'VPN profile re-imported; tunnel stays up for an hour now.',
];

const TICKETS = Number(process.env.ATELIER_BENCH_TICKETS ?? 100_000);
const EVENTS = Number(process.env.ATELIER_BENCH_EVENTS ?? 1_000_000);

function bench(name: string, value: number, unit: string): void {
  console.log(`BENCH ${name} ${Number(value.toFixed(unit === 'ms' ? 3 : 2))} ${unit}`);
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function time(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

// ATELIER_BENCH_DIR keeps the built store between runs (the build takes minutes); otherwise a temp folder.
const keep = process.env.ATELIER_BENCH_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'atelier-bench-queue-'));
try {
  const file = join(dir, 'atelier.db');
  const reuse = keep !== undefined && existsSync(file);
  const db = openDatabase(file);
  const service = new TicketService(db, () => 'bench');
  const stopCheckpoints = scheduleCheckpoints(db); // as the core does: checkpoints off the write path

  // Build: the demo generator's realistic tickets, topped up with comments to reach EVENTS.
  const started = performance.now();
  const batch = 2_000;
  let events = reuse ? (db.prepare('SELECT count(*) FROM events').pluck().get() as number) : 0;
  const now = Date.now();
  for (let i = 0; !reuse && i < TICKETS; i += batch) {
    const stories = demoEvents(Math.min(batch, TICKETS - i), 1_000 + i, now);
    const flat: TicketEvent[] = stories.flat().map((event) => ({ ...event, ticketId: `${event.ticketId.slice(0, 30)}${(i / batch).toString(16).padStart(6, '0')}`, id: event.id }));
    service.store.applyExternal(flat, 'demo');
    events += flat.length;
    await new Promise((resolve) => setImmediate(resolve)); // as the app's loaders do: timers (checkpoints) run
  }
  const byTicket = db.prepare("SELECT id, json_extract(state, '$.updatedAt') AS at FROM ticket_states").all() as { id: string; at: string }[];
  let n = 0;
  while (events < EVENTS) {
    const extra: TicketEvent[] = [];
    for (let k = 0; k < 5_000 && events + extra.length < EVENTS; k++, n++) {
      const ticket = byTicket[n % byTicket.length];
      if (!ticket) break;
      const hex = n.toString(16).padStart(12, '0');
      extra.push({
        id: `01900000-0000-7000-8000-${hex}`,
        ticketId: ticket.id,
        hlc: ticket.at.replace(/-[0-9a-f]{4}-/, (m) => `-${(parseInt(m.slice(1, 5), 16) + 1 + Math.floor(n / byTicket.length)).toString(16).padStart(4, '0')}-`),
        actor: 'bench',
        device: 'bench',
        type: 'comment_added',
        payload: { text: NOTES[n % NOTES.length] ?? '', internal: n % 3 === 0 },
      } as TicketEvent);
    }
    service.store.applyExternal(extra, 'demo');
    events += extra.length;
    await new Promise((resolve) => setImmediate(resolve));
  }
  db.pragma('optimize = 0x10002');
  const tickets = db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;
  console.log(`# built ${tickets} tickets, ${events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (process.env.ATELIER_BENCH_BUILD_ONLY) {
    stopCheckpoints();
    db.close();
    process.exit(0);
  }

  const first = Array.from({ length: 60 }, () => time(() => service.queue.page({ filter: { open: true }, limit: 100 })));
  bench('queue.first_page_p95', percentile(first.slice(10), 95), 'ms');

  const sites = ['Lyon – Part-Dieu', 'Paris 11e', 'London office'];
  const sorted = Array.from({ length: 60 }, (_, i) =>
    time(() =>
      service.queue.page({
        filter: { open: true, levels: ['N1'], site: sites[i % sites.length] },
        sort: { field: i % 2 ? 'updated' : 'sla', dir: i % 3 ? 'desc' : 'asc' },
        offset: (i % 10) * 100,
        limit: 100,
      }),
    ),
  );
  bench('queue.sorted_filtered_page_p95', percentile(sorted.slice(10), 95), 'ms');

  const words = ['disque', 'printer', 'wifi', 'écran', 'vpn', 'battery', 'ecran bleu', 'access point', 'mot de passe', 'spooler', 'docking', 'bios'];
  const search = Array.from({ length: 60 }, (_, i) => time(() => service.queue.page({ filter: { text: words[i % words.length] }, limit: 100 })));
  bench('queue.search_p95', percentile(search.slice(10), 95), 'ms');

  // What technicians paste: error codes, KB numbers, file names, paths, command lines (glued words).
  const codes = ['CRITICAL_PROCESS_DIED', '0x80070005', 'KB5034441', 'setup_x64.exe', 'C:\\Windows\\Temp', '/var/log/syslog', 'ping -t', 'print_spooler', 'ERROR_ACCESS_DENIED', '"event log"'];
  const searchCodes = Array.from({ length: 60 }, (_, i) => time(() => service.queue.page({ filter: { text: codes[i % codes.length] ?? '' }, limit: 100 })));
  bench('queue.search_codes_p95', percentile(searchCodes.slice(10), 95), 'ms');

  // A technician's day: comments and worklogs on tickets spread over the store (each ticket ~10 events).
  // Each figure is the wall time of one appendLocal (what one IPC call waits for), 2,000 back to back.
  const appends = Array.from({ length: 2_000 }, (_, i) => {
    const ticket = byTicket[(i * 7919) % byTicket.length];
    if (!ticket) return 0;
    return time(() =>
      service.store.appendLocal(
        i % 2
          ? { ticketId: ticket.id, type: 'comment_added', payload: { text: `note ${i}`, internal: false }, actor: 'bench' }
          : { ticketId: ticket.id, type: 'worklog_added', payload: { minutes: 15, kind: 'work' }, actor: 'bench' },
      ),
    );
  });
  bench('event.append_p99', percentile(appends.slice(100), 99), 'ms');
  bench('event.append_p50', percentile(appends.slice(100), 50), 'ms');
  bench('event.append_max', Math.max(...appends.slice(100)), 'ms'); // no multi-second stall over the run

  const cpuBefore = process.cpuUsage();
  const rebuild = time(() => service.store.rebuild());
  const cpu = process.cpuUsage(cpuBefore);
  bench('projection.rebuild_1m_events', rebuild / 1000, 's');
  // CPU of every thread of the process (the fold thread included): steadier than wall time on a busy machine.
  bench('projection.rebuild_cpu', (cpu.user + cpu.system) / 1e6, 's');
  stopCheckpoints();
  db.close();
  bench('db.size_mb', statSync(file).size / 1024 / 1024, 'MB');

  // Baseline: plain INSERTs of rows of the same shape in one transaction.
  rmSync(join(dir, 'raw.db'), { force: true });
  const raw = new BetterSqlite3(join(dir, 'raw.db'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  raw.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, id TEXT UNIQUE, ticket_id TEXT, hlc TEXT, actor TEXT, device TEXT, type TEXT, payload TEXT)');
  const insert = raw.prepare('INSERT INTO events (id, ticket_id, hlc, actor, device, type, payload) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const rows = 200_000;
  const rawMs = time(() =>
    raw.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run(`id-${i}`, `t-${i % 100_000}`, `2026-01-01T00:00:00.000Z-${i}`, 'bench', 'bench', 'comment_added', '{"text":"x","internal":false}');
    })(),
  );
  raw.close();
  bench('sqlite.raw_insert_rows_per_s', rows / (rawMs / 1000), 'rows/s');
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
