import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CreditPump, MAX_MESSAGE_BYTES, RESUME_AT } from '../../../electron/core/ssh/flow';

/** Lets streams flow (next ticks) and the pump's end-of-turn send (an immediate) run. */
const settle = () => new Promise((r) => setTimeout(r, 5));

describe('CreditPump (terminal flow control)', () => {
  const KB = 1024;

  it('pauses the source once a window is unacknowledged, and resumes after a quarter of it is acked', async () => {
    const source = new PassThrough();
    const sent: number[] = [];
    const pump = new CreditPump(source, (chunk) => sent.push(chunk.length), 64 * KB);
    for (let i = 0; i < 12; i++) source.write(Buffer.alloc(8 * KB));
    await settle();
    // 8 chunks fill the window; the rest waits in the source.
    expect(pump.stats()).toMatchObject({ sent: 64 * KB, inFlight: 64 * KB, paused: true });
    expect(source.isPaused()).toBe(true);

    pump.ack(8 * KB);
    expect(pump.stats().paused).toBe(true);
    pump.ack(64 * KB * (1 - RESUME_AT) - 8 * KB);
    expect(pump.stats()).toMatchObject({ inFlight: 64 * KB * RESUME_AT, paused: false });
    await settle();
    // It sends again until the window is full, never past it by more than the chunk that crossed it.
    expect(pump.stats()).toMatchObject({ sent: 80 * KB, inFlight: 64 * KB, paused: true });
    expect(sent.reduce((a, b) => a + b, 0)).toBe(80 * KB);
  });

  it('ignores acks beyond what was sent, and stops listening once stopped', async () => {
    const source = new PassThrough();
    let delivered = 0;
    const pump = new CreditPump(source, (chunk) => (delivered += chunk.length), 16 * KB);
    source.write(Buffer.alloc(4 * KB));
    await settle();
    pump.ack(1_000_000);
    expect(pump.stats()).toMatchObject({ sent: 4 * KB, acked: 4 * KB, inFlight: 0 });
    pump.stop();
    source.write(Buffer.alloc(4 * KB));
    await settle();
    expect(delivered).toBe(4 * KB);
  });

  it('merges pieces read in the same turn into one message, sends a lone piece at once, and flushes on stop', async () => {
    const source = new PassThrough();
    const messages: number[] = [];
    const pump = new CreditPump(source, (chunk) => messages.push(chunk.length), 4 * MAX_MESSAGE_BYTES);
    // A flood: many 4 KiB pieces in one turn leave as full-size messages plus the remainder.
    const pieces = (2.5 * MAX_MESSAGE_BYTES) / (4 * KB);
    for (let i = 0; i < pieces; i++) source.write(Buffer.alloc(4 * KB));
    await settle();
    expect(messages).toEqual([MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES, MAX_MESSAGE_BYTES / 2]);
    // A keystroke's echo: one small piece, sent by the end of its turn.
    source.write(Buffer.from('a'));
    await settle();
    expect(messages.at(-1)).toBe(1);
    // Stop sends what was read but not yet sent, before returning.
    source.write(Buffer.alloc(100));
    await new Promise((r) => process.nextTick(r));
    pump.stop();
    expect(messages.at(-1)).toBe(100);
    expect(messages.reduce((a, b) => a + b, 0)).toBe(2.5 * MAX_MESSAGE_BYTES + 101);
  });
});
