import { describe, expect, it } from 'vitest';
import { decodeBinaryMessage, encodeBinaryMessage } from '../../../shared/contract/wire';

describe('binary stream frames', () => {
  it('carries the bytes as they are and the rest of the message beside them', () => {
    const data = new Uint8Array([0, 255, 27, 91, 50, 74, 0xe2, 0x82]);
    const frame = encodeBinaryMessage({ stream: 'terminal.output', payload: { sessionId: 'sé-1 ✓', data } });
    expect(frame).toBeDefined();
    // Header, then the bytes unchanged: 8 bytes of output cost the frame no more than its header.
    expect(Array.from((frame as Uint8Array).subarray(-data.length))).toEqual(Array.from(data));
    const decoded = decodeBinaryMessage(frame as Uint8Array);
    expect(decoded?.stream).toBe('terminal.output');
    expect(decoded?.payload.sessionId).toBe('sé-1 ✓');
    expect(Array.from(decoded?.payload.data as Uint8Array)).toEqual(Array.from(data));
  });

  it('decodes a frame that is a view into a larger buffer (as Node hands WebSocket frames over)', () => {
    const frame = encodeBinaryMessage({ stream: 'terminal.output', payload: { sessionId: 'a', data: new Uint8Array(70_000).fill(121) } }) as Uint8Array;
    const pooled = new Uint8Array(frame.length + 13);
    pooled.set(frame, 13);
    const decoded = decodeBinaryMessage(pooled.subarray(13));
    expect((decoded?.payload.data as Uint8Array).length).toBe(70_000);
    expect(decoded?.payload.sessionId).toBe('a');
  });

  it('leaves messages without bytes to JSON, and refuses frames that do not decode', () => {
    expect(encodeBinaryMessage({ stream: 'terminal.exit', payload: { sessionId: 'a', exitCode: 0 } })).toBeUndefined();
    expect(decodeBinaryMessage(new Uint8Array([0, 0]))).toBeUndefined();
    expect(decodeBinaryMessage(new Uint8Array([0, 0, 0, 9, 123]))).toBeUndefined();
    expect(decodeBinaryMessage(new Uint8Array([0, 0, 0, 2, 123, 125]))).toBeUndefined();
  });
});
