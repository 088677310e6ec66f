import { Hlc, type EventType, type PayloadOf, type TicketEvent } from '../../../shared/tickets';

/** Seeded PRNG: the randomized tests replay exactly. */
export { seededRandom as prng } from '../../../shared/random';

export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function shuffle<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function hex(rand: () => number, digits: number): string {
  let out = '';
  for (let i = 0; i < digits; i++) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/** A UUIDv7-shaped id from the PRNG (the real store uses the uuid package). */
export function fakeV7(rand: () => number): string {
  return `${hex(rand, 8)}-${hex(rand, 4)}-7${hex(rand, 3)}-${pick(rand, ['8', '9', 'a', 'b'])}${hex(rand, 3)}-${hex(rand, 12)}`;
}

export const T0 = Date.UTC(2025, 2, 14, 9, 0, 0);
export const MIN = 60_000;

/** A simulated device: its own wall clock (movable), HLC and event ids. */
export class Device {
  readonly hlc: Hlc;
  wallMs: number;

  constructor(
    readonly name: string,
    readonly node: string,
    readonly rand: () => number,
    startMs = T0,
  ) {
    this.wallMs = startMs;
    this.hlc = new Hlc({ node, wall: () => this.wallMs });
  }

  /** An event made here now (not validated: tests choose whether to). */
  make<T extends EventType>(ticketId: string, type: T, payload: PayloadOf<T>, actor = this.name): TicketEvent {
    return { id: fakeV7(this.rand), ticketId, hlc: this.hlc.now(), actor, device: this.name, type, payload } as TicketEvent;
  }

  /** Sees events from elsewhere (sync). */
  receive(events: readonly TicketEvent[]): void {
    for (const event of events) this.hlc.receive(event.hlc);
  }
}

export const NODE_A = 'aaaaaaaaaaaaaaaa';
export const NODE_B = 'bbbbbbbbbbbbbbbb';
