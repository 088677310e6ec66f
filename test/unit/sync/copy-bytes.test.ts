import { describe, expect, it } from 'vitest';
import { BinaryCopyRows, inlineParams, parseBinaryCopy } from '../../../hub/db/copy-bytes';

/** A binary COPY stream as PostgreSQL writes it: signature, flags, header extension, rows, trailer. */
function copyStream(rows: (Buffer | null)[], extension = Buffer.alloc(0)): Buffer {
  const header = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.from([0, 0, 0, 0]), Buffer.alloc(4), extension]);
  header.writeUInt32BE(extension.byteLength, 15);
  const body = rows.map((row) => {
    const head = Buffer.alloc(6);
    head.writeInt16BE(1, 0);
    head.writeInt32BE(row === null ? -1 : row.byteLength, 2);
    return row === null ? head : Buffer.concat([head, row]);
  });
  return Buffer.concat([header, ...body, Buffer.from([0xff, 0xff])]);
}

describe('the hub reads blob chunks as binary COPY rows', () => {
  it('gives back each row\'s bytes as they were, NULL as null, past a header extension', () => {
    const rows = [Buffer.from([0, 1, 2, 255, 10, 13]), Buffer.alloc(0), null, Buffer.from('é\u0000x', 'utf8')];
    expect(parseBinaryCopy(copyStream(rows, Buffer.from('ext')))).toEqual(rows);
    expect(parseBinaryCopy(copyStream([]))).toEqual([]);
  });

  it('reads the same rows whatever pieces the stream arrives in, even pieces its sender reuses at once', () => {
    const rows = [Buffer.alloc(300, 1), null, Buffer.alloc(0), Buffer.from('last row')];
    const whole = copyStream(rows, Buffer.from('x'));
    for (const size of [1, 2, 5, 19, 20, 64, 305, whole.byteLength]) {
      const reader = new BinaryCopyRows();
      const reused = Buffer.alloc(size);
      for (let at = 0; at < whole.byteLength; at += size) {
        const piece = reused.subarray(0, whole.copy(reused, 0, at, at + size));
        reader.push(piece);
        reused.fill(0xee);
      }
      expect(reader.finish(), `pieces of ${size} bytes`).toEqual(rows);
    }
  });

  it('refuses a stream that is cut short or is not binary COPY', () => {
    const whole = copyStream([Buffer.alloc(100, 7)]);
    expect(() => parseBinaryCopy(whole.subarray(0, whole.byteLength - 2))).toThrow(/cut short/);
    expect(() => parseBinaryCopy(whole.subarray(0, 60))).toThrow(/cut short/);
    expect(() => parseBinaryCopy(Buffer.from('1\t\\x00\n\\.\n'))).toThrow(/no PGCOPY signature/);
  });

  it('writes only integers and hex strings into the statement (COPY takes no parameters)', () => {
    expect(inlineParams('SELECT data FROM blob_chunks WHERE team_id = $1 AND hash = $2 AND idx >= $3', [7, 'ab12', 0])).toBe(
      "SELECT data FROM blob_chunks WHERE team_id = 7 AND hash = 'ab12' AND idx >= 0",
    );
    expect(() => inlineParams('WHERE hash = $1', ["x' OR 1=1 --"])).toThrow(/integers and hex strings.*\$1/);
    expect(() => inlineParams('WHERE idx = $1', [1.5])).toThrow(/\$1/);
    expect(() => inlineParams('WHERE idx = $2', [1])).toThrow(/\$2/);
  });
});
