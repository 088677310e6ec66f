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

/**
 * The first column of every row of a binary COPY stream, as bytes (null for NULL). Throws on anything that is
 * not one (a truncated stream, another format).
 */
export function parseBinaryCopy(data: Buffer): (Buffer | null)[] {
  if (data.byteLength < SIGNATURE.byteLength + 8 || !data.subarray(0, SIGNATURE.byteLength).equals(SIGNATURE)) {
    throw new Error('not a binary COPY stream (no PGCOPY signature)');
  }
  let at = SIGNATURE.byteLength + 4;
  at += 4 + data.readUInt32BE(at); // header extension
  const rows: (Buffer | null)[] = [];
  for (;;) {
    if (at + 2 > data.byteLength) throw new Error('binary COPY stream cut short (no trailer)');
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return rows;
    let first: Buffer | null | undefined;
    for (let f = 0; f < fields; f++) {
      if (at + 4 > data.byteLength) throw new Error('binary COPY stream cut short (field length)');
      const length = data.readInt32BE(at);
      at += 4;
      const value = length === -1 ? null : data.subarray(at, at + length);
      if (length > 0) at += length;
      if (at > data.byteLength) throw new Error('binary COPY stream cut short (field)');
      if (f === 0) first = value;
    }
    rows.push(first ?? null);
  }
}

/** One COPY … TO STDOUT on a pg client, its CopyData messages gathered (copied: pg reuses its read buffer). */
class CopyOut {
  private readonly parts: Buffer[] = [];
  private error: Error | undefined;
  private settled = false;
  readonly done: Promise<Buffer>;
  private resolve!: (data: Buffer) => void;
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
    this.parts.push(Buffer.from(message.chunk));
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
    if (this.error) this.reject(this.error);
    else this.resolve(Buffer.concat(this.parts));
  }
}

/** The first column of each row of `text` (a SELECT of one bytea column), read as binary COPY on `client`. */
export async function copyBytes(client: pg.PoolClient | pg.Client, text: string, params: readonly unknown[] = []): Promise<(Buffer | null)[]> {
  const copy = new CopyOut(`COPY (${inlineParams(text, params)}) TO STDOUT (FORMAT binary)`);
  void client.query(copy as never);
  return parseBinaryCopy(await copy.done);
}
