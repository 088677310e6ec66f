import { AtelierError } from '../../../shared/contract/errors';
import { DEFAULT_PULL_LIMIT, HUB_MAX_AHEAD_MS, MAX_PUSH_EVENTS } from '../../../shared/sync/protocol';
import type { Database } from '../db/open';
import type { JobContext } from '../jobs';
import { DraftStore } from '../checklists/drafts';
import { ChecklistStore } from '../checklists/store';
import { KbStore } from '../kb/store';
import type { EventStore } from '../tickets/event-store';
import type { ProjectionWriter } from '../tickets/projection';
import type { HubClock } from './clock';
import { HubClient, HubRequestError } from './hub-client';
import { HubConnection } from './hub-connection';
import { Quarantine } from './quarantine';
import type { SyncStateStore } from './state';
import { checklistStream, kbStream, ticketStream, type SyncStream } from './streams';
import { saveDeviceNames } from '../device-names';
import { BlobSync } from './blobs';
import { collectLocalBlobs } from './blob-collector';

export interface SyncReport {
  /** Ticket events. */
  pushed: number;
  pulled: number;
  restamped: number;
  rejected: number;
  cursor: number;
  /** Knowledge-base article events (a hub without the stream, an older one, is skipped: `supported` false). */
  kb: StreamReport;
  /** Checklist draft events, the same way. */
  checklists: StreamReport;
  /** Contents (attachments, snapshots) sent whole to the hub, and small ones fetched from it. */
  files: { sent: number; fetched: number };
}

export interface StreamReport {
  pushed: number;
  pulled: number;
  cursor: number;
  supported: boolean;
}

interface Tally {
  pushed: number;
  pulled: number;
  restamped: number;
  rejected: number;
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
  /** The level the hub gives this token's user, read at every round so a lead's change arrives. */
  onHubLevel?: (level: 'N1' | 'N2' | 'N3' | null) => void;
  /** How long a file no ticket names any more is kept (BLOB_GRACE_MS; tests shorten it). */
  blobGraceMs?: number;
  /** Told the phase as it starts (tests use it to interrupt a sync at a chosen point). */
  onPhase?: (phase: 'push' | 'pull' | 'apply', detail: number) => void;
}


/** Clock-ahead retries in one round: one re-stamp is enough unless the clock jumps again meanwhile. */
const MAX_CLOCK_RETRIES = 3;

/**
 * One sync round, for each stream (tickets, knowledge base, checklist drafts; streams.ts): push what this device made (in
 * batches; marked synced only once the hub answered for it), then pull after the stream's saved cursor
 * (each page applied and the cursor advanced in one transaction).
 * Stopped anywhere (crash, cancel, network), the next round resumes: pushing again is idempotent on the
 * hub, and the cursor never passes an event that was not applied.
 */
export class SyncEngine {
  private readonly pushBatch: number;
  private readonly pullLimit: number;
  private readonly tickets: SyncStream;
  private readonly kb: SyncStream;
  private readonly checklists: SyncStream;
  private readonly quarantined: Quarantine;
  /** The contents events name: sent after the events, small ones fetched after a pull, large ones on demand. */
  readonly blobs: BlobSync;
  /** Kept across rounds (a round reuses the last one's connections), dropped when an answer is out of step. */
  private readonly connection = new HubConnection();

  constructor(private readonly options: SyncEngineOptions) {
    this.pushBatch = Math.min(options.pushBatch ?? 500, MAX_PUSH_EVENTS);
    this.pullLimit = options.pullLimit ?? DEFAULT_PULL_LIMIT;
    const { db, store, projection, state } = options;
    this.tickets = ticketStream({ db, store, projection, state });
    // The sync only takes in and sends article events; it never writes one of its own (no author needed).
    const kb = new KbStore(db, store.clock, () => store.device);
    this.kb = kbStream({ db, kb, clock: store.clock, state });
    const drafts = new DraftStore(db, new ChecklistStore(db), store.clock, () => store.device);
    this.checklists = checklistStream({ db, drafts, clock: store.clock, state });
    this.quarantined = new Quarantine(db);
    this.blobs = new BlobSync(db, (signal) => this.client(signal));
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
      connection: this.connection,
      now: () => clock.deviceNow(),
      onServerTime: (serverTime, sentAt, receivedAt) => clock.observe(serverTime, sentAt, receivedAt),
      ...(signal ? { signal } : {}),
    });
  }

  /** Closes the connections to the hub (the core is closing). */
  close(): void {
    this.connection.close();
  }

  /** The team's device names, for timelines and banners; a hub from before `/v1/devices` answers 404. */
  private async refreshDeviceNames(client: HubClient): Promise<void> {
    try {
      saveDeviceNames(this.options.db, (await client.devices()).devices);
    } catch (error) {
      if (!(error instanceof HubRequestError && error.hubCode === 'not_found')) throw error;
    }
  }

  /** A round; `parts` limits it to pushing or pulling (benchmarks measure each alone). */
  async syncOnce(ctx?: JobContext, parts: { push?: boolean; pull?: boolean } = {}): Promise<SyncReport> {
    const client = this.client(ctx?.signal);
    const tickets: Tally = { pushed: 0, pulled: 0, restamped: 0, rejected: 0 };
    const kb: Tally = { pushed: 0, pulled: 0, restamped: 0, rejected: 0 };
    const checklists: Tally = { pushed: 0, pulled: 0, restamped: 0, rejected: 0 };
    const supported = { kb: true, checklists: true };
    const files = { sent: 0, fetched: 0 };
    const me = await client.me();
    if (this.options.state.get().hubUser === null) {
      this.options.state.setHubUser(me.user);
      this.options.onHubUser?.(me.user);
    }
    this.options.onHubLevel?.(me.level ?? null);
    // A hub from before a stream answers 404 there: the streams it has still sync.
    const optional = (name: keyof typeof supported) => async (work: () => Promise<void>) => {
      if (!supported[name]) return;
      try {
        await work();
      } catch (error) {
        if (error instanceof HubRequestError && error.hubCode === 'not_found') supported[name] = false;
        else throw error;
      }
    };
    const kbPart = optional('kb');
    const checklistPart = optional('checklists');
    if (parts.push !== false) {
      await this.push(client, this.tickets, tickets, ctx);
      await kbPart(() => this.push(client, this.kb, kb, ctx));
      await checklistPart(() => this.push(client, this.checklists, checklists, ctx));
      // After the events that name them, so a device that pulls an event finds its content soon after.
      files.sent = await this.blobs.push(client, ctx);
    }
    if (parts.pull !== false && this.quarantined.count() > 0) {
      const syncedAt = new Date(this.options.clock.wall()).toISOString();
      tickets.pulled += this.tickets.retryUnreadable(syncedAt);
      if (supported.kb) kb.pulled += this.kb.retryUnreadable(syncedAt);
      if (supported.checklists) checklists.pulled += this.checklists.retryUnreadable(syncedAt);
    }
    if (parts.pull !== false) {
      // All streams at once (their own cursors, each page its own transaction): a round with little to take
      // in waits for one round trip, not three. Progress follows the tickets; articles and drafts are few.
      const pulls = await Promise.allSettled([
        this.pull(client, this.tickets, tickets, ctx),
        kbPart(() => this.pull(client, this.kb, kb, ctx, false)),
        checklistPart(() => this.pull(client, this.checklists, checklists, ctx, false)),
      ]);
      for (const result of pulls) if (result.status === 'rejected') throw result.reason;
      files.fetched = await this.blobs.fetchEager(client, ctx);
      // After the pull, which may have brought removals: files no ticket names any more go after the grace.
      collectLocalBlobs(this.options.db, this.options.blobGraceMs === undefined ? {} : { graceMs: this.options.blobGraceMs });
    }
    if (parts.pull !== false && this.quarantined.count() > 0) await this.dropRetired(client);
    await this.refreshDeviceNames(client);
    this.options.state.recordSuccess(this.options.clock.deviceNow());
    const state = this.options.state.get();
    return {
      pushed: tickets.pushed,
      pulled: tickets.pulled,
      restamped: tickets.restamped + kb.restamped + checklists.restamped,
      rejected: tickets.rejected + kb.rejected + checklists.rejected,
      cursor: state.cursor,
      kb: { pushed: kb.pushed, pulled: kb.pulled, cursor: state.kbCursor, supported: supported.kb },
      checklists: { pushed: checklists.pushed, pulled: checklists.pulled, cursor: state.checklistCursor, supported: supported.checklists },
      files,
    };
  }

  /** Events the hub's admin retired leave this device's quarantine (marked, kept). A hub without the endpoint is older: nothing to do. */
  private async dropRetired(client: HubClient): Promise<void> {
    try {
      const { retired } = await client.retired();
      this.quarantined.markRetired(retired.map((entry) => entry.id), this.options.clock.deviceNow());
    } catch (error) {
      if (!(error instanceof HubRequestError && error.hubCode === 'not_found')) throw error;
    }
  }

  private async push(client: HubClient, stream: SyncStream, report: Tally, ctx?: JobContext): Promise<void> {
    const total = stream.waiting();
    let clockRetries = 0;
    let size = this.pushBatch;
    // Bounded: every pass marks a batch synced, quarantines an event, halves the batch or re-stamps.
    const bound = Math.ceil(total / size) + total + MAX_CLOCK_RETRIES + Math.ceil(Math.log2(size)) + 1;
    for (let pass = 0; pass < bound; pass++) {
      ctx?.throwIfCancelled();
      const batch = stream.unsynced(size);
      if (batch.length === 0) return;
      this.options.onPhase?.('push', batch.length);
      ctx?.progress(report.pushed, total, 'push');
      let answer;
      try {
        answer = await client.push(batch, stream.name);
      } catch (error) {
        // Long texts can make a batch heavier than the hub takes in one request: send fewer at a time.
        if (error instanceof HubRequestError && error.hubCode === 'payload_too_large' && size > 1) {
          size = Math.ceil(size / 2);
          continue;
        }
        if (this.quarantine(error, batch, stream)) {
          report.rejected++;
          continue;
        }
        throw error;
      }
      const done = answer.results.filter((r) => r.status !== 'clock_ahead').map((r) => r.id);
      stream.markSynced(done, new Date(this.options.clock.wall()).toISOString());
      report.pushed += done.length;
      if (done.length < batch.length) {
        if (++clockRetries > MAX_CLOCK_RETRIES) {
          throw new AtelierError('unavailable', 'the hub keeps refusing events as stamped in the future: check this computer\'s date and time');
        }
        const hubNow = answer.serverTime;
        report.restamped += stream.restamp({
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
  private quarantine(error: unknown, batch: readonly { id: string }[], stream: SyncStream): boolean {
    if (!(error instanceof HubRequestError) || !error.path) return false;
    // A refusal of what an event does (`.type`: a draft from a user the team made N1) is set aside like a
    // malformed one; a refusal of who sends it (actor, device) is the token's and stops the round.
    const ofTheEvent = error.hubCode === 'invalid_input' || (error.hubCode === 'forbidden' && /^events\[\d+\]\.type$/.test(error.path));
    if (!ofTheEvent) return false;
    const index = /^events\[(\d+)\]/.exec(error.path)?.[1];
    const event = index === undefined ? undefined : batch[Number(index)];
    if (!event) return false;
    stream.reject(event.id, error.hubCode, error.message, this.options.clock.deviceNow());
    return true;
  }

  private async pull(client: HubClient, stream: SyncStream, report: Tally, ctx?: JobContext, showProgress = true): Promise<void> {
    const start = stream.cursor();
    const request = (after: number) => {
      this.options.onPhase?.('pull', after);
      const answer = client.pull(after, this.pullLimit, stream.name);
      answer.catch(() => undefined); // awaited below, or dropped when the round stops first
      return answer;
    };
    let next = request(start);
    // Bounded by the hub's head as first seen plus what arrives meanwhile; a page always moves the cursor.
    for (let page = 0; page < 1_000_000; page++) {
      ctx?.throwIfCancelled();
      const answer = await next;
      if (showProgress) ctx?.progress(answer.next - start, Math.max(answer.head - start, 1), 'pull');
      const more = answer.events.length > 0 && answer.next < answer.head;
      // The next page travels while this one is applied (its cursor is known already).
      if (more) next = request(answer.next);
      if (answer.events.length > 0) {
        ctx?.throwIfCancelled();
        this.options.onPhase?.('apply', answer.events.length);
        // Applied and the cursor saved in one transaction: a crash never leaves the cursor past an event.
        stream.applyPage(answer.events, answer.next, new Date(this.options.clock.wall()).toISOString());
        report.pulled += answer.events.length;
      }
      if (!more) return;
    }
  }
}
