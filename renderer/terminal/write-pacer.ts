/**
 * Hands a host's output to xterm at most once per `intervalMs` while it floods, and at once otherwise.
 *
 * xterm draws a frame whenever it has parsed something new since the last one, so output written as it
 * arrives (a message every few ms under `cat` of a big file) costs a frame at every vsync, and in Chromium
 * the frames took as much of the page's thread as the parsing. Written together every other frame, the same
 * bytes cost half the frames. Output after a quiet spell (a keystroke's echo, a prompt) goes at once: the
 * pacing only starts when the previous write is less than `intervalMs` old.
 */
export class WritePacer {
  private chunks: Uint8Array[] = [];
  private bytes = 0;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly write: (bytes: Uint8Array) => void,
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(chunk: Uint8Array): void {
    if (this.timer === undefined && this.now() - this.lastWrite >= this.intervalMs) return this.send(chunk);
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, this.lastWrite + this.intervalMs - this.now()));
  }

  /** Writes what waits now (and stops the timer): used when the session ends. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.bytes === 0) return;
    const joined = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : join(this.chunks, this.bytes);
    this.chunks = [];
    this.bytes = 0;
    this.send(joined);
  }

  /** Drops what waits: the terminal is gone. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.chunks = [];
    this.bytes = 0;
  }

  private send(bytes: Uint8Array): void {
    this.lastWrite = this.now();
    this.write(bytes);
  }
}

function join(chunks: Uint8Array[], bytes: number): Uint8Array {
  const joined = new Uint8Array(bytes);
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}
