/**
 * Bytes out of PostgreSQL without turning them into text: `COPY (query) TO STDOUT (FORMAT binary)` through a
 * pg "submittable" (the hook pg's own Query objects use). pg decodes every result field as UTF-8 text, so a
 * bytea read the ordinary way travels as hex or base64 text, which the hub then decodes: for a blob download
 * that was most of the hub's CPU (docs/sync.md, *Benchmark: blob sync*). COPY's binary rows arrive as raw
 * bytes. COPY takes no parameters, so they are written into the statement here: integers and strings of hex
 * digits only (what the blob queries use), anything else is refused.
 */
import type pg from 'pg';

/** `$1`, `$2`… of `text` replaced by literal values; only safe integers and lowercase hex strings are taken. */
export function inlineParams(text: string, params: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value === 'string' && /^[0-9a-f]{1,128}$/.test(value)) return `'${value}'`;
    throw new Error(`copyBytes takes integers and hex strings as parameters, not ${JSON.stringify(value)} ($${n})`);
  });
}

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const HEADER_BYTES = SIGNATURE.byteLength + 8;

/**
 * The first column of every row of a binary COPY stream, as bytes (null for NULL), read as the stream's
 * pieces arrive. A row that arrives whole in one piece (PostgreSQL sends a CopyData message per row) is a
 * view of that piece's one copy; only a row cut across pieces is copied again.
 */
export class BinaryCopyRows {
  readonly rows: (Buffer | null)[] = [];
  private pending: Buffer | undefined;
  private header = false;
  private ended = false;

  /** `piece` may be reused by its sender once this returns: what is kept of it is copied once. */
  push(piece: Uint8Array): void {
    if (this.ended) throw new Error('binary COPY stream goes on past its trailer');
    const data = this.pending ? Buffer.concat([this.pending, piece]) : Buffer.from(piece);
    let at = 0;
    if (!this.header) {
      if (data.byteLength >= SIGNATURE.byteLength && !data.subarray(0, SIGNATURE.byteLength).equals(SIGNATURE)) throw new Error('not a binary COPY stream (no PGCOPY signature)');
      const start = data.byteLength >= HEADER_BYTES ? HEADER_BYTES + data.readUInt32BE(SIGNATURE.byteLength + 4) : Infinity;
      if (start > data.byteLength) {
        this.pending = data;
        return;
      }
      at = start;
      this.header = true;
    }
    for (;;) {
      const row = this.row(data, at);
      if (row === undefined) break;
      at = row.next;
      if (row.end) {
        this.ended = true;
        break;
      }
      this.rows.push(row.first);
    }
    this.pending = at < data.byteLength ? data.subarray(at) : undefined;
  }

  /** The rows, once the stream ended with its trailer; throws when it was cut short. */
  finish(): (Buffer | null)[] {
    if (!this.header && (this.pending?.byteLength ?? 0) < SIGNATURE.byteLength) throw new Error('not a binary COPY stream (no PGCOPY signature)');
    if (!this.ended) throw new Error(`binary COPY stream cut short (${this.pending ? `${this.pending.byteLength} bytes of an unfinished row` : 'no trailer'})`);
    if (this.pending) throw new Error('binary COPY stream goes on past its trailer');
    return this.rows;
  }

  /** The row at `at` when it is all in `data` (its first field, where the next begins), or the trailer. */
  private row(data: Buffer, at: number): { first: Buffer | null; next: number; end: boolean } | undefined {
    if (at + 2 > data.byteLength) return undefined;
    const fields = data.readInt16BE(at);
    if (fields === -1) return { first: null, next: at + 2, end: true };
    let next = at + 2;
    let first: Buffer | null = null;
    for (let f = 0; f < fields; f++) {
      if (next + 4 > data.byteLength) return undefined;
      const length = data.readInt32BE(next);
      next += 4;
      if (length > 0 && next + length > data.byteLength) return undefined;
      if (f === 0 && length >= 0) first = data.subarray(next, next + length);
      if (length > 0) next += length;
    }
    return { first, next, end: false };
  }
}

/** The first column of every row of a whole binary COPY stream. Throws on anything that is not one. */
export function parseBinaryCopy(data: Buffer): (Buffer | null)[] {
  const rows = new BinaryCopyRows();
  rows.push(data);
  return rows.finish();
}

/** One COPY … TO STDOUT on a pg client, its rows read as its CopyData messages come (pg reuses its read buffer). */
class CopyOut {
  private readonly rows = new BinaryCopyRows();
  private error: Error | undefined;
  private settled = false;
  readonly done: Promise<(Buffer | null)[]>;
  private resolve!: (rows: (Buffer | null)[]) => void;
  private reject!: (error: Error) => void;

  constructor(readonly text: string) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyData(message: { chunk: Buffer }): void {
    try {
      this.rows.push(message.chunk);
    } catch (error) {
      this.error ??= error as Error;
    }
  }

  handleError(error: Error): void {
    this.error = error;
    // Errors on the connection itself come with no ReadyForQuery after them.
    this.finish();
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  handleCommandComplete(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail('copyBytes only reads');
  }

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.error) {
      this.reject(this.error);
      return;
    }
    try {
      this.resolve(this.rows.finish());
    } catch (error) {
      this.reject(error as Error);
    }
  }
}

/** The first column of each row of `text` (a SELECT of one bytea column), read as binary COPY on `client`. */
export async function copyBytes(client: pg.PoolClient | pg.Client, text: string, params: readonly unknown[] = []): Promise<(Buffer | null)[]> {
  const copy = new CopyOut(`COPY (${inlineParams(text, params)}) TO STDOUT (FORMAT binary)`);
  void client.query(copy as never);
  return await copy.done;
}
