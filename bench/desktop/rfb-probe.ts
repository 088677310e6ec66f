import { connect, type Socket } from 'node:net';

/**
 * A bare RFB client in Node (no browser, no SSH): what the VNC server alone costs. It asks for updates as
 * noVNC does (an incremental FramebufferUpdateRequest as soon as an update is read), in Raw encoding, for
 * a small square around one pixel, and reads that pixel's colour in what it was sent. For servers without authentication only (security
 * type None), started for the measure.
 */
export interface RfbProbe {
  /** Resolves with the time (performance.now()) at which the pixel was first sent as `#rrggbb`. */
  waitForColour(colour: string, timeoutMs: number): Promise<number>;
  close(): void;
}

interface PixelFormat {
  bpp: number;
  bigEndian: boolean;
  shifts: [number, number, number];
}

/** Reads whole RFB messages out of a TCP stream: each step asks for n bytes and gets them when they came. */
class Reader {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiting: { n: number; resolve: (b: Buffer) => void } | undefined;

  constructor(socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.size += chunk.length;
      this.serve();
    });
  }

  read(n: number): Promise<Buffer> {
    return new Promise((resolve) => {
      this.waiting = { n, resolve };
      this.serve();
    });
  }

  private serve(): void {
    if (!this.waiting || this.size < this.waiting.n) return;
    const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
    const { n, resolve } = this.waiting;
    this.waiting = undefined;
    this.chunks = [all.subarray(n)];
    this.size = all.length - n;
    resolve(all.subarray(0, n));
  }
}

export async function openRfbProbe(port: number, point: { x: number; y: number }): Promise<RfbProbe> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  const reader = new Reader(socket);
  const version = (await reader.read(12)).toString();
  if (!version.startsWith('RFB 003.')) throw new Error(`not an RFB server: ${JSON.stringify(version)}`);
  socket.write('RFB 003.008\n');
  const count = (await reader.read(1))[0] ?? 0;
  const types = [...(await reader.read(count))];
  if (!types.includes(1)) throw new Error(`the server wants authentication (security types ${types.join(', ')}): the probe speaks None only`);
  socket.write(Buffer.from([1]));
  if ((await reader.read(4)).readUInt32BE(0) !== 0) throw new Error('security handshake failed');
  socket.write(Buffer.from([1])); // shared
  const init = await reader.read(24);
  const width = init.readUInt16BE(0);
  const height = init.readUInt16BE(2);
  const format: PixelFormat = { bpp: init[4] ?? 32, bigEndian: init[6] === 1, shifts: [init[14] ?? 16, init[15] ?? 8, init[16] ?? 0] };
  if (format.bpp !== 32) throw new Error(`the probe reads 32-bit pixels; the server offers ${format.bpp}`);
  await reader.read(init.readUInt32BE(20));
  const setEncodings = Buffer.alloc(8);
  setEncodings.writeUInt8(2, 0);
  setEncodings.writeUInt16BE(1, 2);
  setEncodings.writeInt32BE(0, 4); // Raw
  socket.write(setEncodings);
  // Updates of the 32x32 square around the point only: the time to notice a change and send it, not to
  // carry a whole screen in Raw encoding (2.6 MB at 1024x640), which no real viewer asks for.
  const area = { x: Math.max(0, point.x - 16), y: Math.max(0, point.y - 16) };
  const request = (incremental: boolean) => {
    const message = Buffer.alloc(10);
    message.writeUInt8(3, 0);
    message.writeUInt8(incremental ? 1 : 0, 1);
    message.writeUInt16BE(area.x, 2);
    message.writeUInt16BE(area.y, 4);
    message.writeUInt16BE(Math.min(32, width - area.x), 6);
    message.writeUInt16BE(Math.min(32, height - area.y), 8);
    socket.write(message);
  };
  let colour = '';
  let colourAt = 0;
  let closed = false;
  const listeners = new Set<() => void>();
  const pixel = (data: Buffer, offset: number) => {
    const value = format.bigEndian ? data.readUInt32BE(offset) : data.readUInt32LE(offset);
    return `#${format.shifts.map((s) => ((value >> s) & 0xff).toString(16).padStart(2, '0')).join('')}`;
  };
  const loop = async () => {
    request(false);
    while (!closed) {
      const type = (await reader.read(1))[0];
      if (type === 0) {
        const rects = (await reader.read(3)).readUInt16BE(1);
        for (let r = 0; r < rects; r++) {
          const head = await reader.read(12);
          const [x, y, w, h] = [head.readUInt16BE(0), head.readUInt16BE(2), head.readUInt16BE(4), head.readUInt16BE(6)];
          const encoding = head.readInt32BE(8);
          if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
          const data = await reader.read(w * h * 4);
          if (point.x >= x && point.x < x + w && point.y >= y && point.y < y + h) {
            const seen = pixel(data, ((point.y - y) * w + (point.x - x)) * 4);
            if (seen !== colour) {
              colour = seen;
              colourAt = performance.now();
              for (const listener of listeners) listener();
            }
          }
        }
        request(true);
      } else if (type === 1) {
        const head = await reader.read(5);
        await reader.read(head.readUInt16BE(3) * 6);
      } else if (type === 2) {
        // bell
      } else if (type === 3) {
        const head = await reader.read(7);
        await reader.read(head.readUInt32BE(3));
      } else {
        throw new Error(`unexpected server message ${type}`);
      }
    }
  };
  void loop().catch(() => undefined);
  return {
    waitForColour(wanted, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (colour !== wanted) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(colourAt);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`the VNC server did not send ${wanted} within ${timeoutMs} ms (last seen ${colour})`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close() {
      closed = true;
      socket.destroy();
    },
  };
}
