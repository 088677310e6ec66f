import { rowToEvent, type EventRow } from '../tickets/event-store';
import { AtelierError } from '../../../shared/contract/errors';
import { DEFAULT_PULL_LIMIT, HUB_MAX_AHEAD_MS, MAX_PUSH_EVENTS } from '../../../shared/sync/protocol';
import type { TicketEvent } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { JobContext } from '../jobs';
import type { EventStore } from '../tickets/event-store';
import type { ProjectionWriter } from '../tickets/projection';
import type { HubClock } from './clock';
import { HubClient, HubRequestError } from './hub-client';
import { restampAhead } from './restamp';
import type { SyncStateStore } from './state';

export interface SyncReport {
  pushed: number;
  pulled: number;
  restamped: number;
  rejected: number;
  cursor: number;
}

export interface SyncEngineOptions {
  db: Database;
  store: EventStore;
  projection: ProjectionWriter;
  state: SyncStateStore;
  clock: HubClock;
  token: () => string | undefined;
  pushBatch?: number;
  pullLimit?: number;
  /** Told the hub user the first time the hub answers for this token (the wiring names the technician). */
  onHubUser?: (user: string) => void;
  /** Told the phase as it starts (tests use it to interrupt a sync at a chosen point). */
  onPhase?: (phase: 'push' | 'pull' | 'apply', detail: number) => void;
}


/** Clock-ahead retries in one round: one re-stamp is enough unless the clock jumps again meanwhile. */
const MAX_CLOCK_RETRIES = 3;

/**
 * One sync round: push what this device made (in batches; marked synced only once the hub answered for
 * it), then pull after the saved cursor (each page applied and the cursor advanced in one transaction).
 * Stopped anywhere (crash, cancel, network), the next round resumes: pushing again is idempotent on the
 * hub, and the cursor never passes an event that was not applied.
 */
export class SyncEngine {
  private readonly pushBatch: number;
  private readonly pullLimit: number;

  constructor(private readonly options: SyncEngineOptions) {
    this.pushBatch = Math.min(options.pushBatch ?? 500, MAX_PUSH_EVENTS);
    this.pullLimit = options.pullLimit ?? DEFAULT_PULL_LIMIT;
  }

  client(signal?: AbortSignal): HubClient {
    const { hubUrl } = this.options.state.get();
    const token = this.options.token();
    if (!hubUrl) throw new AtelierError('unavailable', 'no hub is set: add its address and token in Settings');
    if (!token) throw new AtelierError('unauthorized', 'the hub token is locked in the vault or missing: unlock the vault or enter the token again');
    const clock = this.options.clock;
    return new HubClient({
      url: hubUrl,
      token,
      now: () => clock.deviceNow(),
      onServerTime: (serverTime, sentAt, receivedAt) => clock.observe(serverTime, sentAt, receivedAt),
      ...(signal ? { signal } : {}),
    });
  }

  /** A round; `parts` limits it to pushing or pulling (benchmarks measure each alone). */
  async syncOnce(ctx?: JobContext, parts: { push?: boolean; pull?: boolean } = {}): Promise<SyncReport> {
    const client = this.client(ctx?.signal);
    const report: SyncReport = { pushed: 0, pulled: 0, restamped: 0, rejected: 0, cursor: 0 };
    if (this.options.state.get().hubUser === null) {
      const me = await client.me();
      this.options.state.setHubUser(me.user);
      this.options.onHubUser?.(me.user);
    }
    if (parts.push !== false) await this.push(client, report, ctx);
    if (parts.pull !== false) await this.pull(client, report, ctx);
    this.options.state.recordSuccess(this.options.clock.deviceNow());
    report.cursor = this.options.state.get().cursor;
    return report;
  }

  private unsynced(limit: number): TicketEvent[] {
    const rows = this.options.db
      .prepare(
        `SELECT id, ticket_id, hlc, actor, device, type, payload FROM events e
         WHERE e.origin = 'local' AND e.synced_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM sync_rejections r WHERE r.event_id = e.id)
         ORDER BY seq LIMIT ?`,
      )
      .all(limit) as EventRow[];
    return rows.map(rowToEvent);
  }

  private markSynced(ids: readonly string[], at: string): void {
    const update = this.options.db.prepare("UPDATE events SET synced_at = ? WHERE id = ? AND origin = 'local'");
    this.options.db.transaction(() => {
      for (const id of ids) update.run(at, id);
    })();
  }

  private async push(client: HubClient, report: SyncReport, ctx?: JobContext): Promise<void> {
    const total = this.options.state.waiting();
    let clockRetries = 0;
    let size = this.pushBatch;
    // Bounded: every pass marks a batch synced, quarantines an event, halves the batch or re-stamps.
    const bound = Math.ceil(total / size) + total + MAX_CLOCK_RETRIES + Math.ceil(Math.log2(size)) + 1;
    for (let pass = 0; pass < bound; pass++) {
      ctx?.throwIfCancelled();
      const batch = this.unsynced(size);
      if (batch.length === 0) return;
      this.options.onPhase?.('push', batch.length);
      ctx?.progress(report.pushed, total, 'push');
      let answer;
      try {
        answer = await client.push(batch);
      } catch (error) {
        // Long texts can make a batch heavier than the hub takes in one request: send fewer at a time.
        if (error instanceof HubRequestError && error.hubCode === 'payload_too_large' && size > 1) {
          size = Math.ceil(size / 2);
          continue;
        }
        if (this.quarantine(error, batch)) {
          report.rejected++;
          continue;
        }
        throw error;
      }
      const done = answer.results.filter((r) => r.status !== 'clock_ahead').map((r) => r.id);
      this.markSynced(done, new Date(this.options.clock.wall()).toISOString());
      report.pushed += done.length;
      if (done.length < batch.length) {
        if (++clockRetries > MAX_CLOCK_RETRIES) {
          throw new AtelierError('unavailable', 'the hub keeps refusing events as stamped in the future: check this computer\'s date and time');
        }
        const hubNow = answer.serverTime;
        report.restamped += restampAhead(this.options.db, this.options.projection, {
          node: this.options.store.device,
          limitMs: hubNow + HUB_MAX_AHEAD_MS / 2,
          hubNowMs: hubNow,
          shiftMs: -this.options.clock.deviceAheadMs,
        });
      }
    }
    throw new AtelierError('internal', 'push did not finish within its bound');
  }

  /**
   * A batch refused because one event is malformed: that event is set aside (kept here, listed in the
   * status) so the others can flow. Refusals of the token or device are not the event's fault: they stop
   * the round instead.
   */
  private quarantine(error: unknown, batch: readonly TicketEvent[]): boolean {
    if (!(error instanceof HubRequestError) || error.hubCode !== 'invalid_input' || !error.path) return false;
    const index = /^events\[(\d+)\]/.exec(error.path)?.[1];
    const event = index === undefined ? undefined : batch[Number(index)];
    if (!event) return false;
    this.options.state.reject(event.id, error.hubCode, error.message, this.options.clock.deviceNow());
    return true;
  }

  private async pull(client: HubClient, report: SyncReport, ctx?: JobContext): Promise<void> {
    const { state, store, db } = this.options;
    const start = state.get().cursor;
    const request = (after: number) => {
      this.options.onPhase?.('pull', after);
      const answer = client.pull(after, this.pullLimit);
      answer.catch(() => undefined); // awaited below, or dropped when the round stops first
      return answer;
    };
    let next = request(start);
    // Bounded by the hub's head as first seen plus what arrives meanwhile; a page always moves the cursor.
    for (let page = 0; page < 1_000_000; page++) {
      ctx?.throwIfCancelled();
      const answer = await next;
      ctx?.progress(answer.next - start, Math.max(answer.head - start, 1), 'pull');
      const more = answer.events.length > 0 && answer.next < answer.head;
      // The next page travels while this one is applied (its cursor is known already).
      if (more) next = request(answer.next);
      if (answer.events.length > 0) {
        ctx?.throwIfCancelled();
        this.options.onPhase?.('apply', answer.events.length);
        const syncedAt = new Date(this.options.clock.wall()).toISOString();
        const markOwn = db.prepare("UPDATE events SET synced_at = ? WHERE id = ? AND origin = 'local' AND synced_at IS NULL");
        db.transaction(() => {
          store.applyExternal(answer.events, 'remote', syncedAt);
          // Our own events coming back: the hub has them even if its answer to the push was lost.
          for (const raw of answer.events) {
            const id = (raw as { id?: unknown }).id;
            if (typeof id === 'string') markOwn.run(syncedAt, id);
          }
          state.setCursor(answer.next);
        })();
        report.pulled += answer.events.length;
      }
      if (!more) return;
    }
  }
}
