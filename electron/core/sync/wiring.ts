import type { CallName } from '../../../shared/contract';
import type { SyncStatus } from '../../../shared/contract/sync';
import type { syncCalls } from '../../../shared/contract/sync';
import type { blobCalls } from '../../../shared/contract/blobs';
import type { BlobRef } from './blobs';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { JobRunner } from '../jobs';
import type { Logger } from '../log';
import type { SecretVault } from '../secrets';
import type { SettingsService } from '../settings';
import type { StreamBus } from '../streams';
import { ProjectionWriter } from '../tickets/projection';
import type { TicketService } from '../tickets/service';
import { HubClock } from './clock';
import { SyncEngine } from './engine';
import { HubRequestError } from './hub-client';
import { Quarantine } from './quarantine';
import { SyncScheduler } from './scheduler';
import { SyncStateStore } from './state';
import { HubTokenStore } from './token';

type SyncCallName = (keyof typeof syncCalls | keyof typeof blobCalls) & CallName;
export type SyncHandlers = Pick<Handlers, SyncCallName>;

export interface SyncWiring {
  readonly engine: SyncEngine;
  readonly scheduler: SyncScheduler;
  readonly handlers: SyncHandlers;
  status(): SyncStatus;
  close(): void;
}

export const blobRef = (input: { hash: string } | { snapshotId: string }): BlobRef =>
  'hash' in input ? { kind: 'file', hash: input.hash } : { kind: 'snapshot', id: input.snapshotId };

/** The ticket clock reads this corrected wall clock; made before the ticket service (core/index.ts). */
export function createHubClock(db: Database, base?: () => number): HubClock {
  return new HubClock(new SyncStateStore(db), base);
}

export interface SyncDeps {
  db: Database;
  bus: StreamBus;
  jobs: JobRunner;
  tickets: TicketService;
  vault: SecretVault;
  clock: HubClock;
  settings: SettingsService;
  log: Logger;
  /** Background rounds (default on; tests drive rounds themselves). */
  background?: boolean;
  intervalMs?: number;
}

/** Sync with the team hub for one core: engine, background scheduler, token keeping and the handlers. */
export function createSyncWiring(deps: SyncDeps): SyncWiring {
  const { db, bus, jobs, tickets, vault, clock, settings, log } = deps;
  const state = new SyncStateStore(db);
  const tokens = new HubTokenStore(vault);
  const quarantine = new Quarantine(db);
  const engine = new SyncEngine({
    db,
    store: tickets.store,
    // The SLA targets in force (Settings), as the ticket store's own projection uses.
    projection: new ProjectionWriter(db, () => tickets.sla()),
    state,
    clock,
    token: () => tokens.get(),
    onHubUser: (user) => nameTechnician(user),
    onHubLevel: (level) => hubLevel(level),
  });
  const hubLevel = (level: 'N1' | 'N2' | 'N3' | null) => {
    if (settings.levels.setHubLevel(level)) bus.emit('settings.changed', settings.get());
  };
  // Events are made in the technician's name: the hub accepts only its user's name (or aliases).
  const nameTechnician = (user: string) => {
    if (settings.get().technician === '') settings.update({ technician: user });
  };
  const configured = () => state.get().hubUrl !== null && tokens.storage() !== 'none';

  const status = (): SyncStatus => {
    const s = state.get();
    const run = scheduler.state;
    return {
      configured: configured(),
      hubUrl: s.hubUrl,
      token: tokens.storage(),
      hubUser: s.hubUser,
      online: run.online,
      syncing: run.syncing,
      jobId: run.jobId,
      lastSyncAt: s.lastSyncAt,
      lastError: s.lastError,
      waiting: state.waiting(),
      rejected: state.rejected(),
      quarantined: quarantine.count(),
      quarantine: quarantine
        .list()
        .filter((entry) => entry.retiredAt === null)
        .slice(0, 20)
        .map(({ eventId, stream, subject, rule, reason, atMs }) => ({ eventId, stream, subject, rule, reason, atMs })),
      nextAttemptAt: run.nextAttemptAt,
      clockOffsetMs: clock.deviceAheadMs,
    };
  };
  const emit = () => bus.emit('sync.status', status());

  const scheduler = new SyncScheduler({
    jobs,
    run: async (ctx) => {
      const report = await engine.syncOnce(ctx);
      log.info({ pushed: report.pushed, pulled: report.pulled, restamped: report.restamped, cursor: report.cursor }, 'sync done');
      return report;
    },
    configured,
    onError: (error) => {
      const code = error instanceof HubRequestError ? error.hubCode : error instanceof Error && 'code' in error ? String(error.code) : 'internal';
      const message = error instanceof Error ? error.message : String(error);
      state.recordError({ code, message });
      log.warn({ code }, `sync failed: ${message}`);
    },
    onChange: emit,
    ...(deps.intervalMs === undefined ? {} : { intervalMs: deps.intervalMs }),
  });

  const handlers: SyncHandlers = {
    'sync.status': () => status(),
    'sync.configure': async ({ hubUrl, token }) => {
      state.setHub(hubUrl);
      state.setHubUser(null);
      tokens.set(token);
      state.recordError(null);
      try {
        const me = await engine.client(AbortSignal.timeout(5_000)).me();
        state.setHubUser(me.user);
        scheduler.state.online = true;
        nameTechnician(me.user);
        hubLevel(me.level ?? null);
      } catch (error) {
        if (error instanceof HubRequestError && !error.retryable) {
          tokens.clear();
          emit();
          throw error;
        }
        // The hub is not reachable now: the setting stays, sync starts when it answers.
        scheduler.state.online = false;
      }
      if (deps.background !== false) scheduler.start(500);
      emit();
      return status();
    },
    'sync.disconnect': () => {
      scheduler.stop();
      tokens.clear();
      state.setHub(null);
      hubLevel(null);
      Object.assign(scheduler.state, { online: null, failures: 0 });
      emit();
      return status();
    },
    'sync.now': () => ({ jobId: scheduler.syncNow().jobId }),
    'blobs.state': async (input) => await engine.blobs.state(blobRef(input)),
    'blobs.fetch': (input) => {
      const job = jobs.start('blob', async (ctx) => await engine.blobs.fetch(blobRef(input), ctx));
      return { jobId: job.jobId };
    },
    'sync.retryRejected': () => {
      state.clearRejections();
      emit();
      return status();
    },
  };

  if (deps.background !== false) scheduler.start();
  return {
    engine,
    scheduler,
    handlers,
    status,
    close() {
      scheduler.stop();
      engine.close();
    },
  };
}
