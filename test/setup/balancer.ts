/**
 * A round-robin TCP balancer on 127.0.0.1, as a layer-4 load balancer in front of several hub instances:
 * each new connection goes to the next upstream. Counts the connections each upstream was given.
 */
import { connect, createServer, type Socket } from 'node:net';

export interface Balancer {
  readonly port: number;
  /** Connections handed to each upstream, in the order the ports were given. */
  readonly connections: readonly number[];
  close(): Promise<void>;
}

export async function startBalancer(upstreamPorts: readonly number[]): Promise<Balancer> {
  const connections = upstreamPorts.map(() => 0);
  const sockets = new Set<Socket>();
  let next = 0;
  const server = createServer((client) => {
    const index = next++ % upstreamPorts.length;
    connections[index] = (connections[index] ?? 0) + 1;
    const upstream = connect({ host: '127.0.0.1', port: upstreamPorts[index] ?? 0 });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', cut);
    upstream.on('error', cut);
    client.on('close', cut);
    upstream.on('close', cut);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
