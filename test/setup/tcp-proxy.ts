/**
 * A small TCP proxy on 127.0.0.1 for fault trials: passes bytes both ways, and on the request number
 * `at` (counting requests that start a chunk with an HTTP method) drops the hub's answer (the client sees
 * the connection cut after the hub did the work), duplicates the answer's bytes, or sends the request twice:
 * at once (`duplicate-request`: whether the client reads the extra answer as the next one's depends on when
 * it comes), or again just before the client's next request on that connection (`duplicate-request-late`: the
 * hub's second answer always arrives first, so that connection is one answer behind from then on).
 */
import { createServer, connect, type Socket } from 'node:net';

export type ProxyFault = 'drop-response' | 'duplicate-response' | 'duplicate-request' | 'duplicate-request-late';

export interface TcpProxy {
  readonly port: number;
  /** Arms a fault for the `at`-th request from now (1 = the next one). */
  arm(fault: ProxyFault, at: number): void;
  /** How many requests went through. */
  readonly requests: number;
  close(): Promise<void>;
}

const REQUEST_START = /^(GET|POST|PUT|DELETE|PATCH|HEAD) /;

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  let requests = 0;
  let armed: { fault: ProxyFault; request: number } | null = null;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    let current = 0;
    /** A request to send again ahead of the next one on this connection (`duplicate-request-late`). */
    let owed: Buffer | null = null;
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      if (REQUEST_START.test(chunk.toString('latin1', 0, 8))) {
        current = ++requests;
        if (owed) upstream.write(owed);
        owed = null;
      }
      upstream.write(chunk);
      if ((armed?.fault === 'duplicate-request' || armed?.fault === 'duplicate-request-late') && armed.request === current) {
        // Only a request whole in this chunk is repeated: repeating the head of one whose body comes in a
        // later chunk would make the hub read the next request as that body, a fault no proxy makes.
        if (isWholeRequest(chunk)) {
          if (armed.fault === 'duplicate-request') upstream.write(chunk);
          else owed = chunk;
          armed = null;
        } else armed = { fault: armed.fault, request: current + 1 };
      }
    });
    upstream.on('data', (chunk: Buffer) => {
      if (armed && armed.request === current && (armed.fault === 'drop-response' || armed.fault === 'duplicate-response')) {
        const fault = armed.fault;
        armed = null;
        if (fault === 'drop-response') return cut();
        client.write(chunk);
        client.write(chunk);
        return;
      }
      client.write(chunk);
    });
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', () => {
      upstream.destroy();
      sockets.delete(client);
    });
    upstream.on('close', () => {
      client.destroy();
      sockets.delete(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    arm(fault, at) {
      armed = { fault, request: requests + at };
    },
    get requests() {
      return requests;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTP/1.1 request with its head and all of its body (by Content-Length) in one chunk. */
function isWholeRequest(chunk: Buffer): boolean {
  const text = chunk.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0 || /\r\ntransfer-encoding:/i.test(text.slice(0, end))) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, end));
  return chunk.byteLength - (end + 4) === Number(length?.[1] ?? 0);
}
