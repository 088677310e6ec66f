import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WritePacer } from '../../../renderer/terminal/write-pacer';

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (chunk: Uint8Array) => new TextDecoder().decode(chunk);

describe('WritePacer', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  function pacer() {
    const written: string[] = [];
    const paced = new WritePacer((chunk) => written.push(text(chunk)), 33, () => Date.now());
    return { written, paced };
  }

  it('writes output after a quiet spell at once: an echo is not delayed', () => {
    const { written, paced } = pacer();
    paced.push(bytes('$ '));
    expect(written).toEqual(['$ ']);
    vi.advanceTimersByTime(500);
    paced.push(bytes('l'));
    expect(written).toEqual(['$ ', 'l']);
  });

  it('under a flood, writes what arrived in between as one chunk, one interval after the last write, in order', () => {
    const { written, paced } = pacer();
    paced.push(bytes('a'));
    vi.advanceTimersByTime(5);
    paced.push(bytes('b'));
    vi.advanceTimersByTime(10);
    paced.push(bytes('c'));
    expect(written).toEqual(['a']);
    vi.advanceTimersByTime(17);
    expect(written).toEqual(['a']);
    vi.advanceTimersByTime(1);
    expect(written).toEqual(['a', 'bc']);
    paced.push(bytes('d'));
    expect(written).toEqual(['a', 'bc']);
    vi.advanceTimersByTime(33);
    expect(written).toEqual(['a', 'bc', 'd']);
  });

  it('keeps every byte of a long flood, at most one write per interval', () => {
    const { written, paced } = pacer();
    let sent = '';
    for (let i = 0; i < 1_000; i++) {
      const piece = `${i},`;
      sent += piece;
      paced.push(bytes(piece));
      vi.advanceTimersByTime(2);
    }
    vi.advanceTimersByTime(33);
    expect(written.join('')).toBe(sent);
    // 2 s of output: one write at once, then one per 33 ms.
    expect(written.length).toBeLessThanOrEqual(Math.ceil(2_000 / 33) + 2);
  });

  it('flush writes what waits at once; dispose drops it and no timer fires after', () => {
    const { written, paced } = pacer();
    paced.push(bytes('a'));
    paced.push(bytes('b'));
    paced.flush();
    expect(written).toEqual(['a', 'b']);
    paced.push(bytes('c'));
    paced.dispose();
    vi.advanceTimersByTime(100);
    expect(written).toEqual(['a', 'b']);
  });
});
