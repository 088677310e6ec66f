import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RunningHashes } from '../../../hub/store/running-hashes';

const chunks = Array.from({ length: 6 }, () => randomBytes(1000));
const whole = createHash('sha256').update(Buffer.concat(chunks)).digest('hex');

describe('the hub hashes an upload as its chunks are stored, so the last one needs no read-back', () => {
  it('gives the whole file digest for chunks stored in order, or a few out of order (several in flight)', () => {
    const inOrder = new RunningHashes();
    chunks.forEach((chunk, i) => inOrder.stored('f', i, chunk));
    expect(inOrder.finish('f', 6)).toBe(whole);

    const shuffled = new RunningHashes(16, 3);
    for (const i of [0, 2, 1, 4, 3, 5, 5]) shuffled.stored('f', i, chunks[i] as Buffer);
    expect(shuffled.finish('f', 6)).toBe(whole);
  });

  it('gives nothing (the caller reads the file back) when a chunk did not pass through it or ran too far ahead', () => {
    const resumed = new RunningHashes();
    // A resumed upload: chunks 0-2 were stored before a restart.
    for (const i of [3, 4, 5]) resumed.stored('f', i, chunks[i] as Buffer);
    expect(resumed.finish('f', 6)).toBeUndefined();

    const gap = new RunningHashes();
    for (const i of [0, 1, 3, 4, 5]) gap.stored('f', i, chunks[i] as Buffer);
    expect(gap.finish('f', 6)).toBeUndefined();

    const farAhead = new RunningHashes(16, 2);
    for (const i of [0, 2, 3, 4, 1, 5]) farAhead.stored('f', i, chunks[i] as Buffer);
    expect(farAhead.finish('f', 6)).toBeUndefined();
  });

  it('keeps at most its number of uploads, dropping the oldest', () => {
    const few = new RunningHashes(2);
    for (const key of ['a', 'b', 'c']) chunks.forEach((chunk, i) => few.stored(key, i, chunk));
    expect(few.finish('a', 6)).toBeUndefined();
    expect(few.finish('b', 6)).toBe(whole);
    expect(few.finish('c', 6)).toBe(whole);
  });

  it('holds at most its byte budget of chunks ahead across uploads, so the hub\'s memory does not grow with files', () => {
    // Budget: 3 chunks of 1000 bytes across all uploads.
    const bounded = new RunningHashes(16, 24, 3000);
    for (const key of ['a', 'b']) {
      bounded.stored(key, 0, chunks[0] as Buffer);
      bounded.stored(key, 2, chunks[2] as Buffer);
    }
    expect(bounded.heldBytes).toBe(2000);
    // A third and fourth chunk ahead would pass the budget: the upload that asks is dropped (read back later).
    bounded.stored('b', 3, chunks[3] as Buffer);
    expect(bounded.heldBytes).toBe(3000);
    bounded.stored('a', 3, chunks[3] as Buffer);
    expect(bounded.heldBytes).toBe(2000);
    for (const i of [1, 4, 5]) {
      bounded.stored('a', i, chunks[i] as Buffer);
      bounded.stored('b', i, chunks[i] as Buffer);
    }
    expect(bounded.finish('a', 6)).toBeUndefined();
    expect(bounded.finish('b', 6)).toBe(whole);
    expect(bounded.heldBytes).toBe(0);
  });
});
