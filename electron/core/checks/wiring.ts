import type { CallName } from '../../../shared/contract';
import type { checkCalls } from '../../../shared/contract/checks';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { HostStore } from '../hosts';
import type { JobRunner } from '../jobs';
import type { Logger } from '../log';
import type { SshService } from '../ssh/service';
import type { TicketService } from '../tickets/service';
import { canAuthorChecklists } from '../../../shared/checklists';
import { AtelierError } from '../../../shared/contract/errors';
import { healthOverview } from './health';
import { parsePlanText } from './load';
import { IncidentKeeper } from './incidents';
import { PlanStore } from './plans';
import { ReadingStore } from './readings';
import { CheckRunner, type HostSession, type RunnerDeps } from './runner';
import type { CheckHost } from './targets';

type CheckCallName = keyof typeof checkCalls & CallName;
export type CheckHandlers = Pick<Handlers, CheckCallName>;

export interface CheckDeps {
  db: Database;
  jobs: JobRunner;
  tickets: TicketService;
  hosts: HostStore;
  ssh: SshService;
  log: Logger;
  /** The technician's level: only N2 and N3 write plans. */
  level: () => 'N1' | 'N2' | 'N3';
  now?: () => number;
  /** How often the enabled plan looks for due checks while the app runs. */
  tickMs?: number;
}

export interface CheckWiring {
  readonly plans: PlanStore;
  readonly readings: ReadingStore;
  readonly incidents: IncidentKeeper;
  readonly runner: CheckRunner;
  /** A runner on another clock (tests of schedules, trends and auto-resolve), or with other widths (bench). */
  runnerAt(now: () => number, widths?: RunnerWidths): CheckRunner;
  readonly handlers: CheckHandlers;
  close(): void;
}

const TICK_MS = 60_000;

export type RunnerWidths = Pick<RunnerDeps, 'concurrency' | 'channelsPerHost'>;

/** The health checks of one core: plans, readings, incidents, the background schedule and the contract's handlers. */
export function createCheckWiring(deps: CheckDeps): CheckWiring {
  const now = deps.now ?? Date.now;
  const plans = new PlanStore(deps.db, now);
  const readings = new ReadingStore(deps.db);
  const incidents = new IncidentKeeper(deps.db, deps.tickets);
  const book = (): CheckHost[] => deps.hosts.list().map((h) => ({ name: h.name, osFamily: h.osFamily, tags: h.tags, site: h.site ?? null, local: false }));
  const connect = async (name: string, options: { signal: AbortSignal; timeoutMs: number }): Promise<HostSession> => {
    const connection = await deps.ssh.connect(name, { signal: options.signal, readyTimeoutMs: options.timeoutMs });
    return { run: (command, o) => connection.run(command, { ...(o?.signal ? { signal: o.signal } : {}), ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) }), close: () => connection.close() };
  };
  const runnerAt = (clock: () => number, widths: RunnerWidths = {}) => new CheckRunner({ readings, incidents, hosts: book, connect, now: clock, ...widths });
  const runner = runnerAt(now);

  let running = false;
  const round = (all: boolean) =>
    deps.jobs.start('checks', async (ctx) => {
      running = true;
      try {
        const result = await runner.round(plans.shown().plan, { all, signal: ctx.signal, onProgress: (done, total) => ctx.progress(done, total) });
        for (const change of result.incidents) deps.log.info({ change }, 'health check incident');
        return result;
      } finally {
        running = false;
      }
    });
  // While the app runs, the enabled plan's due checks run; nothing runs until a person enables a plan.
  const timer = setInterval(() => {
    if (running || !plans.enabled()) return;
    round(false).result.catch((error: unknown) => deps.log.warn({ err: error }, 'health checks round failed'));
  }, deps.tickMs ?? TICK_MS);
  timer.unref();

  const handlers: CheckHandlers = {
    'checks.overview': () => healthOverview(plans.shown(), readings, incidents, now(), book()),
    'checks.plan': () => {
      const shown = plans.shown();
      return { id: shown.plan.id, version: shown.plan.version, source: shown.source, yaml: shown.text, enabled: shown.enabled, canEdit: canAuthorChecklists(deps.level()) };
    },
    'checks.validatePlan': ({ yaml, source }) => {
      const loaded = parsePlanText(yaml, source);
      return { problems: loaded.ok ? [] : loaded.problems.map(({ line, col, field, message, text }) => ({ line, col, field, message, ...(text ? { text } : {}) })) };
    },
    'checks.runRound': ({ all }) => {
      const job = round(all);
      job.result.catch(() => undefined);
      return { jobId: job.jobId };
    },
    'checks.savePlan': ({ yaml, source, enable }) => {
      if (!canAuthorChecklists(deps.level())) throw new AtelierError('forbidden', 'Writing check plans is for N2 and N3: set your level in Settings.', 'level');
      const plan = plans.put(yaml, source);
      if (enable) plans.enable(plan.id);
      return { id: plan.id, version: plan.version };
    },
    'checks.enable': ({ id }) => {
      plans.enable(id);
      return { ok: true };
    },
  };
  return { plans, readings, incidents, runner, runnerAt, handlers, close: () => clearInterval(timer) };
}
