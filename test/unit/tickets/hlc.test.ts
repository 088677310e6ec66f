import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_DRIFT_MS,
  Hlc,
  HlcDriftError,
  HlcDuplicateNodeError,
  HlcString,
  formatHlc,
  parseHlc,
  tryParseHlc,
} from '../../../shared/tickets';
import { NODE_A, NODE_B, T0, prng } from './fixtures';

const HOUR = 3_600_000;

function clock(start = T0) {
  const c = { ms: start };
  return { c, wall: () => c.ms };
}

describe('HLC', () => {
  it('formats fixed-width strings and parses them back', () => {
    const text = formatHlc({ wallMs: T0, counter: 42, node: NODE_A });
    expect(text).toBe(`2025-03-14T09:00:00.000Z-002a-${NODE_A}`);
    expect(parseHlc(text)).toEqual({ wallMs: T0, counter: 42, node: NODE_A });
    expect(formatHlc({ wallMs: 0, counter: 0, node: NODE_B })).toHaveLength(text.length);
  });

  it('rejects malformed timestamps', () => {
    for (const bad of [
      '',
      '2025-03-14T09:00:00.000Z-002a',
      `2025-03-14T09:00:00Z-002a-${NODE_A}`,
      `2025-02-30T09:00:00.000Z-0000-${NODE_A}`,
      `2025-03-14T09:00:00.000Z-002A-${NODE_A}`,
      `2025-03-14T09:00:00.000Z-0000-${NODE_A.slice(1)}`,
    ]) {
      expect(tryParseHlc(bad)).toBeNull();
      expect(HlcString.safeParse(bad).success).toBe(false);
    }
    expect(() => parseHlc('nope')).toThrow(/not a clock timestamp/);
    expect(() => formatHlc({ wallMs: T0, counter: 0x10000, node: NODE_A })).toThrow(/counter/);
  });

  it('refuses a node id that is not 16 lowercase hex digits', () => {
    expect(() => new Hlc({ node: 'device-1' })).toThrow(/node id/);
  });

  it('string order is time order, then counter, then node', () => {
    const rand = prng(7);
    const parts = Array.from({ length: 300 }, () => ({
      wallMs: Math.floor(rand() * 4_000_000_000_000),
      counter: Math.floor(rand() * 0x10000),
      node: rand() < 0.5 ? NODE_A : NODE_B,
    }));
    const byParts = [...parts].sort((a, b) => a.wallMs - b.wallMs || a.counter - b.counter || (a.node < b.node ? -1 : 1));
    const byString = parts.map(formatHlc).sort();
    expect(byString).toEqual(byParts.map(formatHlc));
  });

  it('stays strictly increasing when the wall clock jumps backwards', () => {
    const { c, wall } = clock();
    const hlc = new Hlc({ node: NODE_A, wall });
    const rand = prng(1);
    let previous = hlc.now();
    for (let i = 0; i < 2_000; i++) {
      c.ms += rand() < 0.2 ? -Math.floor(rand() * HOUR) : Math.floor(rand() * 1_000);
      const next = hlc.now();
      expect(next > previous).toBe(true);
      previous = next;
    }
    c.ms = T0 - 24 * HOUR;
    expect(hlc.now() > previous).toBe(true);
    expect(hlc.aheadMs()).toBeGreaterThan(23 * HOUR);
  });

  it('moves the logical time 1 ms ahead when the counter is full instead of failing', () => {
    const { wall } = clock();
    const hlc = new Hlc({ node: NODE_A, wall, last: formatHlc({ wallMs: T0, counter: 0xfffe, node: NODE_A }) });
    const a = hlc.now();
    const b = hlc.now();
    expect(parseHlc(a)).toMatchObject({ wallMs: T0, counter: 0xffff });
    expect(parseHlc(b)).toMatchObject({ wallMs: T0 + 1, counter: 0 });
  });

  it('follows the wall clock when it moves forward', () => {
    const { c, wall } = clock();
    const hlc = new Hlc({ node: NODE_A, wall });
    expect(parseHlc(hlc.now())).toMatchObject({ wallMs: T0, counter: 0 });
    expect(parseHlc(hlc.now())).toMatchObject({ wallMs: T0, counter: 1 });
    c.ms += 5;
    expect(parseHlc(hlc.now())).toMatchObject({ wallMs: T0 + 5, counter: 0 });
  });

  it('is monotonic across a restart from the saved last value, even with the clock set back', () => {
    const { c, wall } = clock();
    const first = new Hlc({ node: NODE_A, wall });
    for (let i = 0; i < 10; i++) first.now();
    const saved = first.last;
    c.ms -= 2 * HOUR;
    const restarted = new Hlc({ node: NODE_A, wall, last: saved });
    expect(restarted.now() > saved).toBe(true);
  });

  it('after receive(), the next local timestamp is later than the remote one', () => {
    const a = clock();
    const b = clock(T0 - 5 * 60_000); // B's clock is 5 minutes behind A's
    const hlcA = new Hlc({ node: NODE_A, wall: a.wall });
    const hlcB = new Hlc({ node: NODE_B, wall: b.wall });
    const rand = prng(3);
    for (let i = 0; i < 500; i++) {
      a.c.ms += Math.floor(rand() * 2_000);
      b.c.ms += Math.floor(rand() * 2_000);
      const sent = rand() < 0.5 ? hlcA.now() : hlcB.now();
      const receiver = sent.endsWith(NODE_A) ? hlcB : hlcA;
      const receipt = receiver.receive(sent);
      expect(receipt > sent).toBe(true);
      expect(receiver.now() > sent).toBe(true);
    }
  });

  it('refuses a remote timestamp further ahead than the drift bound, and stays unchanged', () => {
    const { wall } = clock();
    const hlc = new Hlc({ node: NODE_A, wall });
    const before = hlc.now();
    const dayAhead = formatHlc({ wallMs: T0 + 24 * HOUR, counter: 0, node: NODE_B });
    let error: unknown;
    try {
      hlc.receive(dayAhead);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(HlcDriftError);
    expect((error as HlcDriftError).aheadMs).toBe(24 * HOUR);
    expect((error as HlcDriftError).message).toMatch(/24 h 0 min ahead .*limit 10 min/);
    expect(hlc.last).toBe(before);

    const withinBound = formatHlc({ wallMs: T0 + DEFAULT_MAX_DRIFT_MS, counter: 3, node: NODE_B });
    expect(hlc.receive(withinBound) > withinBound).toBe(true);
  });

  it('a custom drift bound is honoured', () => {
    const { wall } = clock();
    const hlc = new Hlc({ node: NODE_A, wall, maxDriftMs: 1_000 });
    expect(() => hlc.receive(formatHlc({ wallMs: T0 + 1_001, counter: 0, node: NODE_B }))).toThrow(HlcDriftError);
  });

  it('refuses a later timestamp carrying our own node id, accepts our own events coming back', () => {
    const { wall } = clock();
    const hlc = new Hlc({ node: NODE_A, wall });
    const mine = hlc.now();
    hlc.now();
    expect(() => hlc.receive(mine)).not.toThrow();
    const impostor = formatHlc({ wallMs: T0 + 1_000, counter: 0, node: NODE_A });
    expect(() => hlc.receive(impostor)).toThrow(HlcDuplicateNodeError);
  });
});
