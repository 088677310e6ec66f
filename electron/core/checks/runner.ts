import { durationMs, FLAP_WINDOW, evaluateCheck, REACH_CHECK, valueOf, conditionsOf, type CheckDefinition, type CheckStatus, type PlanDocument } from '../../../shared/checks';
import { AtelierError } from '../../../shared/contract/errors';
import type { Reading } from '../../../shared/checklists';
import { runProbe, type ProbeTarget, type RemoteRun } from '../probes';
import type { IncidentChange, IncidentKeeper } from './incidents';
import type { ReadingStore, StoredReading } from './readings';
import { isDue, retryAt } from './schedule';
import { appliesTo, planHosts, type CheckHost } from './targets';

/** A connection to one host for the length of a round: every check of that host runs over it. */
export interface HostSession {
  readonly run: RemoteRun;
  close(): Promise<void>;
}

export interface RunnerDeps {
  readonly readings: ReadingStore;
  readonly incidents: IncidentKeeper;
  /** The host book as the plan sees it. */
  readonly hosts: () => readonly CheckHost[];
  readonly connect: (host: string, options: { signal: AbortSignal; timeoutMs: number }) => Promise<HostSession>;
  /** Injected so schedules, trends and auto-resolve can be tested. */
  readonly now: () => number;
  /** Hosts checked at once. */
  readonly concurrency?: number;
  /** Probes run at once on one host, each on its own channel of the host's connection (sshd allows 10 by default). */
  readonly channelsPerHost?: number;
  readonly connectTimeoutMs?: number;
}

export interface RoundOptions {
  signal?: AbortSignal;
  /** Run every check, due or not. */
  all?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface RoundResult {
  readonly startedMs: number;
  readonly readings: readonly StoredReading[];
  readonly incidents: readonly IncidentChange[];
  /** Readings that failed, and hosts that could not be reached. */
  readonly failed: number;
  readonly pruned: number;
}

const DEFAULT_CONCURRENCY = 8;
export const DEFAULT_CHANNELS_PER_HOST = 4;
const MAX_VALUE = 200;

/** Runs the due checks of a plan on its hosts, stores the readings, and turns failures into incidents. */
export class CheckRunner {
  constructor(private readonly deps: RunnerDeps) {}

  /**
   * The checks due on each host at `now` (all of them with `all`): each on its own period plus its jitter; an
   * unreachable host's checks wait until its back-off has passed (schedule.ts).
   */
  due(plan: PlanDocument, now: number, all = false): { host: CheckHost; checks: CheckDefinition[] }[] {
    const { readings } = this.deps;
    return planHosts(plan, this.deps.hosts())
      .map((host) => {
        const checks = plan.checks.filter((check) => appliesTo(check, host));
        if (all) return { host, checks };
        const retry = host.local ? null : retryAt(readings, host.name, checks);
        if (retry !== null && now < retry) return { host, checks: [] };
        return { host, checks: checks.filter((check) => isDue(readings, host.name, check, now)) };
      })
      .filter((entry) => entry.checks.length > 0);
  }

  async round(plan: PlanDocument, options: RoundOptions = {}): Promise<RoundResult> {
    const startedMs = this.deps.now();
    const work = this.due(plan, startedMs, options.all);
    const signal = options.signal ?? new AbortController().signal;
    const readings: StoredReading[] = [];
    const incidents: IncidentChange[] = [];
    let done = 0;
    let next = 0;
    const worker = async () => {
      while (next < work.length) {
        if (signal.aborted) throw new AtelierError('cancelled', 'the round of checks was cancelled');
        const { host, checks } = work[next++]!;
        const hostReadings = await withChildSignal(signal, (hostSignal) => this.checkHost(host, checks, hostSignal));
        this.deps.readings.add(hostReadings);
        for (const reading of hostReadings) {
          readings.push(reading);
          const check = checks.find((c) => c.id === reading.checkId);
          if (!check) continue;
          const change = this.deps.incidents.apply(plan, check, reading, this.deps.readings.recent(host.name, check.id, FLAP_WINDOW + 1));
          if (change) incidents.push(change);
        }
        options.onProgress?.(++done, work.length);
      }
    };
    const width = Math.max(1, Math.min(this.deps.concurrency ?? DEFAULT_CONCURRENCY, work.length));
    await Promise.all(Array.from({ length: width }, worker));
    const pruned = this.deps.readings.prune(this.deps.now() - durationMs(plan.retention)!);
    const failed = readings.filter((r) => r.status === 'fail' || r.status === 'unreachable').length;
    return { startedMs, readings, incidents, failed, pruned };
  }

  /** One host's checks over one connection; a host that cannot be reached is one `unreachable` reading. */
  private async checkHost(host: CheckHost, checks: readonly CheckDefinition[], signal: AbortSignal): Promise<StoredReading[]> {
    let session: HostSession | undefined;
    if (!host.local) {
      try {
        session = await this.deps.connect(host.name, { signal, timeoutMs: this.deps.connectTimeoutMs ?? 15_000 });
      } catch (error) {
        if (signal.aborted) throw new AtelierError('cancelled', 'the round of checks was cancelled');
        return [{ host: host.name, checkId: REACH_CHECK, atMs: this.deps.now(), status: 'unreachable', value: null, metric: null, detail: short(error instanceof Error ? error.message : String(error)) }];
      }
    }
    const target: ProbeTarget = session ? { target: 'remote', run: session.run, label: host.name } : { target: 'local' };
    const out: StoredReading[] = host.local ? [] : [{ host: host.name, checkId: REACH_CHECK, atMs: this.deps.now(), status: 'pass', value: null, metric: null, detail: null }];
    try {
      // A host's checks share its connection, a few channels at once: a round waits for the slowest probe of
      // each host rather than for the sum of them. Readings keep the plan's order.
      const results: StoredReading[] = new Array(checks.length);
      let next = 0;
      const lane = async () => {
        while (next < checks.length) {
          const index = next++;
          const check = checks[index]!;
          const timeout = check.timeout ? durationMs(check.timeout)! : undefined;
          const run = await runProbe(check.probe, check.args, target, { signal, ...(timeout ? { timeoutMs: timeout } : {}) });
          results[index] = stored(host.name, check, run.reading, this.deps.now());
        }
      };
      const lanes = host.local ? 1 : Math.max(1, Math.min(this.deps.channelsPerHost ?? DEFAULT_CHANNELS_PER_HOST, checks.length));
      await Promise.all(Array.from({ length: lanes }, lane));
      out.push(...results);
    } finally {
      await session?.close();
    }
    return out;
  }
}

function stored(host: string, check: CheckDefinition, reading: Reading, atMs: number): StoredReading {
  const status: CheckStatus = evaluateCheck(check, reading);
  const value = valueOf(check, reading);
  const free = reading.available ? (reading as Record<string, unknown>).free_bytes : undefined;
  let detail: string | null = null;
  if (!reading.available) detail = short(reading.reason);
  else if (status === 'fail' || status === 'warn') detail = conditionsOf(check[status]).map((c) => `${c.field} ${c.op} ${JSON.stringify(c.value)}`).join(' and ');
  return { host, checkId: check.id, atMs, status, value: value === null ? null : String(value).slice(0, MAX_VALUE), metric: check.probe === 'disk.free' && typeof free === 'number' ? free : null, detail };
}

/**
 * Runs `work` with a signal of its own, aborted with `parent`: each of a host's probes listens to the host's
 * signal, so the round's signal holds one listener per host being checked rather than one per probe (past ten,
 * Node warns of a leak on the stderr of every `atelier checks run` a cron job mails).
 */
async function withChildSignal<T>(parent: AbortSignal, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const child = new AbortController();
  const forward = () => child.abort(parent.reason);
  if (parent.aborted) forward();
  else parent.addEventListener('abort', forward, { once: true });
  try {
    return await work(child.signal);
  } finally {
    parent.removeEventListener('abort', forward);
  }
}

function short(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
