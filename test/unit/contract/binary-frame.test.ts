import { describe, expect, it } from 'vitest';
import { decodeBinaryCall, decodeBinaryMessage, encodeBinaryCall, encodeBinaryMessage } from '../../../shared/contract/wire';

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

describe('binary call frames (a viewer\'s RFB bytes to the core)', () => {
  it('carries the call, its id if any, and its bytes as they are', () => {
    const data = new Uint8Array([3, 1, 0, 0, 0, 0, 4, 0, 2, 128]);
    const frame = encodeBinaryCall({ id: 7, call: 'desktop.write', input: { sessionId: 'é-1', data } }) as Uint8Array;
    expect(Array.from(frame.subarray(-data.length))).toEqual(Array.from(data));
    const decoded = decodeBinaryCall(frame);
    expect(decoded?.id).toBe(7);
    expect(decoded?.call).toBe('desktop.write');
    const input = decoded?.input as { sessionId: string; data: Uint8Array };
    expect(input.sessionId).toBe('é-1');
    expect(Array.from(input.data)).toEqual(Array.from(data));
    const unanswered = decodeBinaryCall(encodeBinaryCall({ call: 'desktop.write', input: { sessionId: 'a', data } }) as Uint8Array);
    expect(unanswered && 'id' in unanswered).toBe(false);
  });

  it('leaves calls without bytes to JSON, and refuses frames that are not calls', () => {
    expect(encodeBinaryCall({ call: 'desktop.ack', input: { sessionId: 'a', bytes: 3 } })).toBeUndefined();
    const message = encodeBinaryMessage({ stream: 'desktop.data', payload: { sessionId: 'a', data: new Uint8Array(2) } }) as Uint8Array;
    expect(decodeBinaryCall(message), 'a stream message is not a call').toBeUndefined();
    const badId = encodeBinaryCall({ id: 'x' as unknown as number, call: 'desktop.write', input: { data: new Uint8Array(1) } }) as Uint8Array;
    expect(decodeBinaryCall(badId)).toBeUndefined();
    expect(decodeBinaryCall(new Uint8Array([0, 0, 0, 9, 123]))).toBeUndefined();
  });
});
