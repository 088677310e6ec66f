import type { SyncStateStore } from './state';

/** Offsets measured within this of the current one are noise (network delay), not a clock change. */
const DEADBAND_MS = 1_000;

/**
 * This device's wall clock corrected to the hub's: `wall()` is what the ticket clock (HLC) reads. Each
 * hub answer carries its time; the offset is measured at the midpoint of the exchange and saved, so a
 * device whose clock is wrong stamps its events in hub time, also offline after a restart (docs/sync.md).
 */
export class HubClock {
  private offsetMs: number;

  constructor(
    private readonly state: SyncStateStore,
    private readonly base: () => number = Date.now,
  ) {
    this.offsetMs = state.get().clockOffsetMs;
    this.wall = this.wall.bind(this);
  }

  /** The corrected wall clock (ms since the epoch). */
  wall(): number {
    return this.base() + this.offsetMs;
  }

  /** The uncorrected device clock. */
  deviceNow(): number {
    return this.base();
  }

  /** Device clock minus hub clock (positive: this device is ahead). */
  get deviceAheadMs(): number {
    return -this.offsetMs;
  }

  /** Learns the hub's time from an answer received between `sentAt` and `receivedAt` (device clock). */
  observe(serverTime: number, sentAt: number, receivedAt: number): void {
    if (!Number.isFinite(serverTime)) return;
    const offset = serverTime - (sentAt + receivedAt) / 2;
    if (Math.abs(offset - this.offsetMs) < DEADBAND_MS) return;
    this.offsetMs = Math.round(offset);
    this.state.setClockOffset(this.offsetMs);
  }
}
