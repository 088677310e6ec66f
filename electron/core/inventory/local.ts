import { hostname, userInfo } from 'node:os';
import { randomUUID } from 'node:crypto';
import type si from 'systeminformation';
import { AtelierError } from '../../../shared/contract/errors';
import {
  INVENTORY_SCHEMA_VERSION, InventorySnapshot, SECTION_NAMES, parseOrThrowSnapshot, reason, sectionMeta,
  type SectionName, type Sections,
} from './snapshot';
import { STATIC_SECTIONS, localCollectors, type LocalContext } from './local-sections';
import { systemInformation } from '../system-information';

export interface CollectOptions {
  signal?: AbortSignal;
  /** Called after each section: done out of total, and the section just finished. */
  onProgress?: (done: number, total: number, section: SectionName) => void;
  /** Per-section limit; a section over it is kept as `failed` with reason `timed_out`. */
  timeoutMs?: number;
  sectionTimeoutsMs?: Partial<Record<SectionName, number>>;
  takenBy?: string;
}

export const DEFAULT_SECTION_TIMEOUT_MS = 15_000;

type AnySection = Sections[SectionName];

/**
 * Inventories this machine with systeminformation: every section at once, each with its own time limit,
 * a failed section kept as failed (with why) while the others still land. One instance per process holds
 * the static sections (STATIC_SECTIONS) so `refresh` re-reads only what can change.
 */
export class LocalInventoryCollector {
  private readonly staticCache = new Map<SectionName, AnySection>();
  private osInfoPromise: Promise<si.Systeminformation.OsData> | undefined;
  private powerShellUsers = 0;

  /** A full snapshot: every section read now (and the static cache refilled). */
  collect(options: CollectOptions = {}): Promise<InventorySnapshot> {
    return this.run(SECTION_NAMES, false, options);
  }

  /** Re-reads the dynamic sections only; static ones come from the cache (read now if never read). */
  refresh(options: CollectOptions = {}): Promise<InventorySnapshot> {
    const missing = STATIC_SECTIONS.filter((n) => !this.staticCache.has(n));
    const wanted = SECTION_NAMES.filter((n) => !STATIC_SECTIONS.includes(n) || missing.includes(n));
    return this.run(wanted, true, options);
  }

  /** The key this machine's snapshots are filed under: the OS machine id, else the host name. */
  async machineKey(osHostname?: string): Promise<string> {
    const os = await this.osInfo().catch(() => undefined);
    return os?.serial || osHostname || os?.hostname || hostname();
  }

  private osInfo(): Promise<si.Systeminformation.OsData> {
    return (this.osInfoPromise ??= systemInformation().then((loaded) => loaded.osInfo()));
  }

  clearCache(): void {
    this.staticCache.clear();
    this.osInfoPromise = undefined;
  }

  private async run(wanted: readonly SectionName[], refresh: boolean, options: CollectOptions): Promise<InventorySnapshot> {
    const { signal } = options;
    throwIfAborted(signal);
    const started = performance.now();
    const takenAt = new Date().toISOString();
    const loaded = await systemInformation();
    let blocks: Promise<si.Systeminformation.BlockDevicesData[]> | undefined;
    const ctx: LocalContext = {
      refresh,
      si: loaded,
      osInfo: () => this.osInfo(),
      blockDevices: () => (blocks ??= loaded.blockDevices()),
    };
    const windows = process.platform === 'win32';
    if (windows && this.powerShellUsers++ === 0) loaded.powerShellStart();
    try {
      let done = 0;
      const collected = new Map<SectionName, AnySection>();
      const work = wanted.map(async (name) => {
        const section = await this.one(name, ctx, options);
        collected.set(name, section);
        if (STATIC_SECTIONS.includes(name) && section.meta.status !== 'failed') this.staticCache.set(name, section);
        if (!signal?.aborted) options.onProgress?.(++done, wanted.length, name);
      });
      await raceAbort(Promise.all(work), signal);
      const sections = Object.fromEntries(
        SECTION_NAMES.map((name) => [name, collected.get(name) ?? this.staticCache.get(name)]),
      ) as Sections;
      const os = sections.os.data;
      const snapshot = {
        schemaVersion: INVENTORY_SCHEMA_VERSION,
        id: randomUUID(),
        machineKey: await this.machineKey(os.hostname),
        takenAt,
        takenBy: options.takenBy ?? currentUser(),
        collector: 'local-systeminformation' as const,
        durationMs: Math.round(performance.now() - started),
        sections,
      };
      return parseOrThrowSnapshot(snapshot, 'local inventory');
    } finally {
      if (windows && --this.powerShellUsers === 0) loaded.powerShellRelease();
    }
  }

  private async one(name: SectionName, ctx: LocalContext, options: CollectOptions): Promise<AnySection> {
    const limit = options.sectionTimeoutsMs?.[name] ?? options.timeoutMs ?? DEFAULT_SECTION_TIMEOUT_MS;
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TimeoutError(limit)), limit);
      });
      const result = await Promise.race([(localCollectors[name] as (c: LocalContext) => ReturnType<(typeof localCollectors)[SectionName]>)(ctx), timeout]);
      // systeminformation blocks the event loop in places (execSync), so the timer can fire late:
      // a section that came back past its limit counts as timed out all the same.
      if (elapsed() > limit) throw new TimeoutError(limit);
      return { meta: sectionMeta(result.source, elapsed(), result.data, result.whyEmpty, result.whyPartial), data: result.data } as AnySection;
    } catch (error) {
      const why = error instanceof TimeoutError
        ? reason('timed_out', `timed out after ${limit} ms`, { ms: limit })
        : reason('failed', error instanceof Error ? error.message : String(error));
      return { meta: { source: `si (${name})`, durationMs: Math.round(elapsed()), status: 'failed', reason: why }, data: emptyData(name) } as AnySection;
    } finally {
      clearTimeout(timer);
    }
  }
}

class TimeoutError extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
  }
}

/** What a section holds when nothing could be read. */
export function emptyData(name: SectionName): Sections[SectionName]['data'] {
  switch (name) {
    case 'cpu': return { flags: [] };
    case 'memory': return { modules: [] };
    case 'graphics': return { gpus: [], displays: [] };
    case 'disks': case 'volumes': case 'network': case 'battery': case 'usb': case 'printers': return [];
    default: return {};
  }
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AtelierError('cancelled', 'inventory was cancelled');
}

/** Stops waiting as soon as the signal fires; systeminformation calls still running finish on their own. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  throwIfAborted(signal);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AtelierError('cancelled', 'inventory was cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
