import { hostname } from 'node:os';
import { AtelierError, type CallName } from '../../../shared/contract';
import type { inventoryCalls } from '../../../shared/contract/inventory';
import { diffSnapshots, snapshotToText, type InventoryKind, type InventorySnapshot, type SnapshotSummary } from '../../../shared/inventory';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { HostStore } from '../hosts';
import type { JobContext, JobRunner } from '../jobs';
import type { SshService } from '../ssh/service';
import type { StreamBus } from '../streams';
import type { TicketService } from '../tickets/service';
import { readGlpi, readGlpiText } from './glpi/import';
import { mergePartial } from './glpi/merge';
import { toGlpi } from './glpi/export';
import { LocalInventoryCollector } from './local';
import { collectHost } from './remote-host';
import { parseOrThrowSnapshot } from './snapshot';
import { InventoryStore } from './store';

type InventoryCallName = keyof typeof inventoryCalls & CallName;
export type InventoryHandlers = Pick<Handlers, InventoryCallName>;

export interface InventoryDeps {
  db: Database;
  bus: StreamBus;
  jobs: JobRunner;
  ssh: SshService;
  hosts: HostStore;
  tickets: TicketService;
  /** Who takes snapshots and attaches them (Settings' technician, else the OS user). */
  actor: () => string;
  version: string;
}

export interface InventoryWiring {
  readonly store: InventoryStore;
  readonly local: LocalInventoryCollector;
  readonly handlers: InventoryHandlers;
  /** Collects (local or a host), saves, attaches to a ticket when asked: what the collect job runs. */
  collectAndSave(request: { host?: string; refresh?: boolean; ticketId?: string }, ctx: Pick<JobContext, 'signal' | 'progress'>): Promise<SnapshotSummary>;
}

/** Snapshots of this machine and of hosts of the book, their history, diffs, exports and ticket links. */
export function createInventoryWiring(deps: InventoryDeps): InventoryWiring {
  const { db, bus, jobs, ssh, hosts, tickets, actor } = deps;
  const store = new InventoryStore(db);
  // One per core: static sections stay cached for the session, so "refresh" is fast.
  const local = new LocalInventoryCollector();

  const attach = (snapshot: Pick<InventorySnapshot, 'id' | 'host'>, ticketId: string) => {
    tickets.act({ ticketId, type: 'inventory_attached', payload: { snapshotId: snapshot.id, ...(snapshot.host ? { host: snapshot.host } : {}) } });
  };

  const collectAndSave: InventoryWiring['collectAndSave'] = async (request, ctx) => {
    let snapshot: InventorySnapshot;
    if (request.host) {
      const host = hosts.get(request.host);
      ctx.progress(0, undefined, `connecting ${host.name}`);
      snapshot = await collectHost(ssh, host.name, {
        osFamily: host.osFamily,
        takenBy: actor(),
        signal: ctx.signal,
        onProgress: (done, total, section) => ctx.progress(total === undefined ? done : Math.min(done, total), total, section),
      });
    } else {
      const options = { signal: ctx.signal, takenBy: actor(), onProgress: (done: number, total: number, section: string) => ctx.progress(done, total, section) };
      snapshot = await (request.refresh ? local.refresh(options) : local.collect(options));
    }
    // Cancelled after the last byte arrived: still nothing is stored.
    if (ctx.signal.aborted) throw new AtelierError('cancelled', 'inventory was cancelled');
    const summary = store.save(snapshot);
    if (request.ticketId) attach(snapshot, request.ticketId);
    return summary;
  };

  const handlers: InventoryHandlers = {
    'inventory.collect': (request) => {
      const job = jobs.start(request.host ? 'inventory.remote' : 'inventory.local', (ctx) => collectAndSave(request, ctx));
      job.result.then((snapshot) => bus.emit('inventory.saved', { jobId: job.jobId, snapshot }), () => undefined);
      return { jobId: job.jobId };
    },
    'inventory.machines': async () => {
      const machineKey = await local.machineKey();
      const rows = db
        .prepare("SELECT machine_key, max(host) AS host, max(json_extract(data, '$.kind')) AS kind, count(*) AS count, max(taken_at) AS last FROM inventory_snapshots GROUP BY machine_key ORDER BY last DESC")
        .all() as { machine_key: string; host: string | null; kind: string | null; count: number; last: string }[];
      return {
        local: { machineKey, hostname: hostname() },
        machines: rows.map((r) => ({ machineKey: r.machine_key, ...(r.host ? { host: r.host } : {}), ...(r.kind ? { kind: r.kind as InventoryKind } : {}), count: r.count, lastTakenAt: r.last })),
      };
    },
    'inventory.list': ({ machineKey, limit }) => store.list({ ...(machineKey ? { machineKey } : {}), ...(limit ? { limit } : {}) }),
    'inventory.get': ({ id }) => store.get(id),
    'inventory.diff': ({ from, to, includeVolatile }) => {
      const after = store.get(to);
      const before = from ? store.get(from) : store.previous(to);
      return before ? diffSnapshots(before, after, { includeVolatile: includeVolatile === true }) : null;
    },
    'inventory.exportGlpi': async ({ id }) => ({ document: { ...(await toGlpi(store.get(id), { agentVersion: deps.version })) } }),
    'inventory.exportText': ({ id, lang }) => ({ text: snapshotToText(store.get(id), lang) }),
    'inventory.importGlpi': async ({ document, text, machineKey }) => {
      const read = text === undefined ? await readGlpi(document, { takenBy: actor() }) : await readGlpiText(text, { takenBy: actor() });
      const key = machineKey ?? read.snapshot.machineKey;
      const snapshot = read.partial ? mergePartial(store.latest(key, read.snapshot.sourceId), read) : read.snapshot;
      const saved = store.save(parseOrThrowSnapshot({ ...snapshot, machineKey: machineKey ?? snapshot.machineKey }, 'GLPI import'));
      return read.partial ? { ...saved, partial: read.partial } : saved;
    },
    'inventory.attach': ({ id, ticketId }) => {
      attach(store.get(id), ticketId);
      return { ok: true as const };
    },
  };

  return { store, local, handlers, collectAndSave };
}
