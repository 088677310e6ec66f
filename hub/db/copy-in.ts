/**
 * Rows into PostgreSQL as `COPY table (columns) FROM STDIN (FORMAT binary)` through a pg "submittable" (the
 * hook copy-bytes.ts uses to read). An INSERT's bytea parameters are copied by pg into its Bind message,
 * growing a buffer as it goes: for a blob upload that was several fresh copies of every chunk, and fresh
 * memory is what costs (page faults, collections). Here each row's bytes go to the socket as they are, behind
 * a few bytes of framing. COPY has no ON CONFLICT: one duplicate key fails the whole COPY (nothing stored).
 */
import type pg from 'pg';

export type CopyColumn = 'int8' | 'int4' | 'text' | 'bytea';

const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);

/** A value in COPY's binary format (no length prefix). */
function encode(type: CopyColumn, value: unknown, where: string): Buffer {
  switch (type) {
    case 'int8': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new Error(`copyIn: ${where} must be an integer, not ${String(value)}`);
      const b = Buffer.allocUnsafe(8);
      b.writeBigInt64BE(BigInt(value));
      return b;
    }
    case 'int4': {
      if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > 2 ** 31 - 1) throw new Error(`copyIn: ${where} must be a 32-bit integer, not ${String(value)}`);
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(value);
      return b;
    }
    case 'text':
      if (typeof value !== 'string') throw new Error(`copyIn: ${where} must be a string`);
      return Buffer.from(value, 'utf8');
    case 'bytea':
      if (!Buffer.isBuffer(value)) throw new Error(`copyIn: ${where} must be a Buffer`);
      return value;
  }
}

/** The framing of one CopyData message of `length` payload bytes. */
function copyData(length: number): Buffer {
  const b = Buffer.allocUnsafe(5);
  b.writeUInt8(0x64, 0); // 'd'
  b.writeInt32BE(length + 4, 1);
  return b;
}

/**
 * One row as the pieces written to the socket: the framing and small fields gathered in one buffer, each
 * bytea after it as it is. Every row is one CopyData message.
 */
function rowPieces(types: readonly CopyColumn[], row: readonly unknown[], index: number): Buffer[] {
  if (row.length !== types.length) throw new Error(`copyIn: row ${index} has ${row.length} values for ${types.length} columns`);
  const pieces: Buffer[] = [];
  let small: Buffer[] = [Buffer.from([types.length >> 8, types.length & 0xff])];
  let length = 2;
  types.forEach((type, i) => {
    const value = encode(type, row[i], `row ${index} column ${i}`);
    const size = Buffer.allocUnsafe(4);
    size.writeInt32BE(value.byteLength);
    length += 4 + value.byteLength;
    if (type === 'bytea') {
      pieces.push(Buffer.concat([...small, size]), value);
      small = [];
    } else small.push(size, value);
  });
  if (small.length > 0) pieces.push(Buffer.concat(small));
  return [copyData(length), ...pieces];
}

interface Socket {
  write(data: Buffer): boolean;
  once(event: 'drain', listener: () => void): unknown;
}

/** One COPY … FROM STDIN on a pg client: the rows written when the server asks for them, with back-pressure. */
class CopyIn {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: Error) => void;
  private error: Error | undefined;
  private count = 0;
  private settled = false;

  constructor(
    readonly text: string,
    private readonly types: readonly CopyColumn[],
    private readonly rows: readonly (readonly unknown[])[],
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: { query(text: string): void }): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: { stream: Socket; endCopyFrom(): void; sendCopyFail(message: string): void }): void {
    void this.write(connection).catch((error: unknown) => {
      this.error ??= error instanceof Error ? error : new Error(String(error));
      connection.sendCopyFail(this.error.message);
    });
  }

  private async write(connection: { stream: Socket; endCopyFrom(): void }): Promise<void> {
    const { stream } = connection;
    const send = async (pieces: Buffer[]) => {
      let room = true;
      for (const piece of pieces) room = stream.write(piece) && room;
      if (!room) await new Promise<void>((resolve) => stream.once('drain', resolve));
    };
    await send([copyData(HEADER.byteLength), HEADER]);
    for (const [i, row] of this.rows.entries()) {
      // The server said no (a duplicate key): it ignores what follows until the end of the copy.
      if (this.error || this.settled) break;
      await send(rowPieces(this.types, row, i));
    }
    // After an error the connection is closed by its owner, not given back: nothing more to say on it.
    if (this.error || this.settled) return;
    await send([copyData(TRAILER.byteLength), TRAILER]);
    connection.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    this.count = Number(/COPY (\d+)/.exec(message.text ?? '')?.[1] ?? 0);
  }

  handleError(error: Error): void {
    this.error = error;
    this.finish();
  }

  handleReadyForQuery(): void {
    this.finish();
  }

  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}

  private finish(): void {
    if (this.settled) return;
    this.settled = true;
    if (this.error) this.reject(this.error);
    else this.resolve(this.count);
  }
}

/**
 * Writes `rows` into `table` (`columns`, of `types`) in one binary COPY; answers the rows stored. `table` and
 * `columns` are written into the statement: plain lowercase identifiers only.
 */
export async function copyIn(client: pg.PoolClient | pg.Client, table: string, columns: readonly string[], types: readonly CopyColumn[], rows: readonly (readonly unknown[])[]): Promise<number> {
  checkIdentifiers(table, columns);
  if (columns.length !== types.length) throw new Error(`copyIn: ${columns.length} columns for ${types.length} types`);
  const copy = new CopyIn(`COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`, types, rows);
  void client.query(copy as never);
  return await copy.done;
}

/** A table and its columns written into a statement: plain lowercase identifiers only. */
export function checkIdentifiers(table: string, columns: readonly string[]): void {
  for (const name of [table, ...columns]) if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`insertRows takes plain identifiers, not ${JSON.stringify(name)}`);
}
