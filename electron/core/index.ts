import { userInfo } from 'node:os';
import { join } from 'node:path';
import { AtelierError, type AppInfo } from '../../shared/contract';
import { scheduleCheckpoints } from './db/checkpoint';
import { openDatabase, schemaVersion, type Database } from './db/open';
import type { StoreCheck } from './db/store-check';
import { createDispatcher, type Dispatch, type Handlers } from './dispatch';
import { JobRunner } from './jobs';
import { createLogger, type Logger } from './log';
import { RECORDINGS_DIR, STORE_FILE } from './paths';
import { SettingsService } from './settings';
import { StreamBus } from './streams';
import { watchChanges } from './changes';
import { createSshWiring } from './ssh/wiring';
import { createReportWiring } from './reports/wiring';
import { attachToTicket, BlobStore } from './reports/blobs';
import { createInventoryWiring } from './inventory/wiring';
import { createChecklistWiring } from './checklists/wiring';
import { createHubClock, createSyncWiring } from './sync/wiring';
import { createDesktopWiring } from './desktop/wiring';
import { createCheckWiring, type CheckWiring } from './checks/wiring';
import { createChangeWiring } from './change-records/wiring';
import { loadDemo } from './tickets/demo';
import { TicketService } from './tickets/service';
import { exportTickets, importTickets } from './tickets/transfer';
import { importFile, previewImport } from './tickets/import';
import { appVersion } from './version';
import { openVaultWithKeyring, type Keyring } from './secrets/keyring';

export interface CoreOptions {
  dataDir: string;
  logger?: Logger;
  /** The streams' bus, when the caller holds one from before the store opened (see store-gate.ts). */
  bus?: StreamBus;
  /** The OS keyring that keeps the vault's key, where one answers: the vault then opens with the app. */
  keyring?: Keyring;
  /** The store's quick check, when it already passed on another thread (db/store-check.ts). */
  checked?: StoreCheck;
}

/** The whole app without a window: services over one store, reached through `dispatch`. */
export interface Core {
  readonly dataDir: string;
  readonly db: Database;
  readonly bus: StreamBus;
  readonly jobs: JobRunner;
  readonly log: Logger;
  readonly tickets: TicketService;
  readonly checks: CheckWiring;
  readonly dispatch: Dispatch;
  close(): void;
}

export { STORE_FILE } from './paths';

export function openCore(options: CoreOptions): Core {
  const log = options.logger ?? createLogger({ dataDir: options.dataDir });
  const db = openDatabase(join(options.dataDir, STORE_FILE), options.checked ? { checked: options.checked } : {});
  const bus = options.bus ?? new StreamBus();
  const jobs = new JobRunner(bus);
  const actor = (): string => settings.technician() || osUser();
  const settings: SettingsService = new SettingsService(db, bus, actor);
  const hubClock = createHubClock(db);
  const tickets = new TicketService(db, actor, undefined, hubClock.wall);
  const stopCheckpoints = scheduleCheckpoints(db);
  const stopWatchingChanges = watchChanges(db, bus);
  // A file on a ticket: the bytes once (content-addressed), then an attachment_added event.
  const attachFile = (ticketId: string, name: string, mime: string, data: Uint8Array) => attachToTicket(new BlobStore(db), tickets, ticketId, { name, mime, data }).detail;
  const recordings = {
    dir: join(options.dataDir, RECORDINGS_DIR),
    checkTicket: (ticketId: string) => void tickets.detail(ticketId),
    attach: attachFile,
    log: (message: string, error?: unknown) => log.error({ err: error }, message),
  };
  const ssh = createSshWiring({ db, bus, jobs, tickets, recordings });
  if (options.keyring) openVaultWithKeyring(ssh.vault, options.keyring, log);
  const sync = createSyncWiring({ db, bus, jobs, tickets, vault: ssh.vault, clock: hubClock, settings, log });
  const reports = createReportWiring({ db, jobs, tickets, actor });
  const checklists = createChecklistWiring({ db, jobs, tickets, hosts: ssh.hosts, ssh: ssh.ssh, log, actor, level: () => settings.get().level ?? 'N1' });
  const desktop = createDesktopWiring({ db, bus, hosts: ssh.hosts, ssh: ssh.ssh, tickets, log: (message, error) => log.error({ err: error }, message) });
  const checks = createCheckWiring({ db, jobs, tickets, hosts: ssh.hosts, ssh: ssh.ssh, log, level: () => settings.get().level ?? 'N1' });
  const changes = createChangeWiring({ db, bus, jobs, tickets, hosts: ssh.hosts, ssh: ssh.ssh, checklists: checklists.store, checklistsReady: checklists.ready, actor, level: () => settings.get().level });
  const inventory = createInventoryWiring({ db, bus, jobs, ssh: ssh.ssh, hosts: ssh.hosts, tickets, actor, version: appVersion() });

  const info = (): AppInfo => ({
    name: 'Atelier',
    version: appVersion(),
    actor: actor(),
    deviceId: tickets.store.device,
    dataDir: options.dataDir,
    schemaVersion: schemaVersion(db),
    platform: `${process.platform}-${process.arch}`,
    runtime: process.versions.electron ? `Electron ${process.versions.electron}` : `Node ${process.versions.node}`,
  });

  const handlers: Handlers = {
    'store.state': () => ({ state: 'open' }),
    'store.startFresh': () => {
      throw new AtelierError('conflict', 'The store is open: there is no empty store to keep aside.');
    },
    'app.info': () => info(),
    'settings.get': () => settings.get(),
    'settings.update': (patch) => settings.update(patch),
    'settings.level': () => settings.levels.view(),
    'jobs.list': () => jobs.list(),
    'jobs.cancel': ({ jobId }) => ({ cancelled: jobs.cancel(jobId) }),
    'tickets.query': (query) => tickets.queue.page(query),
    'tickets.get': ({ id }) => tickets.detail(id),
    'tickets.create': (payload) => tickets.create(payload),
    'tickets.act': (action) => tickets.act(action),
    'tickets.categories': () => tickets.categories(),
    'tickets.suggest': ({ field, prefix }) => tickets.queue.suggest(field, prefix),
    'tickets.seedDemo': ({ count, seed }) => ({ jobId: jobs.start('demo', (ctx) => loadDemo(tickets.store, ctx, count, seed)).jobId }),
    'tickets.stats': () => tickets.stats(),
    'tickets.import': ({ format, text, skipInvalid }) => importTickets(tickets, format, text, skipInvalid),
    'tickets.export': ({ format }) => ({ text: exportTickets(tickets, format) }),
    'tickets.importPreview': (input) => previewImport(db, input),
    'tickets.importFile': (input) => importFile(tickets, db, input),
    'sla.get': () => tickets.sla(),
    'sla.update': (table) => tickets.setSla(table),
    'categories.save': (category) => tickets.saveCategory(category),
    'tickets.attach': ({ ticketId, name, mime, base64 }) => attachFile(ticketId, name, mime, Buffer.from(base64, 'base64')),
    ...ssh.handlers,
    ...sync.handlers,
    ...reports.handlers,
    ...inventory.handlers,
    ...checklists.handlers,
    ...desktop.handlers,
    ...checks.handlers,
    ...changes.handlers,
    // What a synced event names is fetched from the hub before it is read, or a clear "waiting for" error.
    'attachments.get': async (input) => {
      await sync.engine.blobs.ensure({ kind: 'file', hash: input.hash });
      return await reports.handlers['attachments.get'](input);
    },
    'inventory.get': async (input) => {
      await sync.engine.blobs.ensure({ kind: 'snapshot', id: input.id });
      return await inventory.handlers['inventory.get'](input);
    },
    'inventory.diff': async (input) => {
      for (const id of [input.to, ...(input.from ? [input.from] : [])]) await sync.engine.blobs.ensure({ kind: 'snapshot', id });
      return await inventory.handlers['inventory.diff'](input);
    },
  };

  log.info({ dataDir: options.dataDir, version: appVersion() }, 'core opened');
  return {
    dataDir: options.dataDir,
    db,
    bus,
    jobs,
    log,
    tickets,
    checks,
    dispatch: createDispatcher(handlers),
    close() {
      sync.close();
      checks.close();
      void desktop.close();
      void ssh.close();
      stopCheckpoints();
      stopWatchingChanges();
      db.close();
      log.flush();
    },
  };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'technician';
  }
}
