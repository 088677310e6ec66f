import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { Client, ClientChannel } from 'ssh2';
import { AtelierError } from '../../../shared/contract/errors';
import type { TunnelStatus } from '../../../shared/contract/ssh';

export interface TunnelOptions {
  /** 0 picks a free port. */
  localPort: number;
  remoteHost: string;
  remotePort: number;
  hostName: string;
  onStatus?: (status: TunnelStatus) => void;
}

/**
 * A local port forward: connections to 127.0.0.1:localPort are carried to remoteHost:remotePort as seen
 * from the SSH server (e.g. its VNC 5900 or RDP 3389 for a desktop viewer).
 */
export class Tunnel {
  readonly id = randomUUID();
  private readonly sockets = new Set<Socket>();
  private state: TunnelStatus['state'] = 'listening';
  private totalConnections = 0;
  private bytesIn = 0;
  private bytesOut = 0;
  private lastError: string | undefined;
  private port = 0;
  private emitTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly client: Client,
    private readonly server: Server,
    private readonly options: TunnelOptions,
  ) {}

  /**
   * Checks that the SSH server can reach remoteHost:remotePort (one connection, closed at once), so
   * "nothing listens there" is said when the tunnel is opened rather than when the viewer fails.
   */
  static async probe(client: Client, options: Pick<TunnelOptions, 'remoteHost' | 'remotePort' | 'hostName'>): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      client.forwardOut('127.0.0.1', 0, options.remoteHost, options.remotePort, (error, channel) => {
        if (error) {
          reject(
            new AtelierError(
              'unavailable',
              `${options.hostName}: ${options.remoteHost}:${options.remotePort} refused the connection as seen from ${options.hostName} (${error.message}). Is the service (VNC, RDP, web) running and listening there?`,
              'remotePort',
            ),
          );
          return;
        }
        channel.close();
        resolve();
      }),
    );
  }

  static async open(client: Client, options: TunnelOptions): Promise<Tunnel> {
    const server = createServer();
    const tunnel = new Tunnel(client, server, options);
    server.on('connection', (socket) => tunnel.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          new AtelierError(
            error.code === 'EADDRINUSE' ? 'conflict' : 'unavailable',
            `Tunnel: cannot listen on 127.0.0.1:${options.localPort} (${error.code === 'EADDRINUSE' ? 'port already in use' : error.message}).`,
            'localPort',
          ),
        ),
      );
      server.listen(options.localPort, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    tunnel.port = typeof address === 'object' && address ? address.port : options.localPort;
    server.on('error', (error) => tunnel.fail(error.message));
    client.once('close', () => tunnel.stop('the SSH connection closed'));
    tunnel.emit();
    return tunnel;
  }

  get localPort(): number {
    return this.port;
  }

  status(): TunnelStatus {
    const status: TunnelStatus = {
      id: this.id,
      host: this.options.hostName,
      localPort: this.port,
      remoteHost: this.options.remoteHost,
      remotePort: this.options.remotePort,
      state: this.state,
      activeConnections: this.sockets.size,
      totalConnections: this.totalConnections,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
    };
    if (this.lastError !== undefined) status.lastError = this.lastError;
    return status;
  }

  async stop(reason?: string): Promise<void> {
    if (this.state !== 'listening') return;
    this.state = reason ? 'failed' : 'stopped';
    if (reason) this.lastError = reason;
    clearTimeout(this.emitTimer);
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.emit();
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    this.totalConnections++;
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.emit();
    });
    socket.on('error', () => socket.destroy());
    socket.pause();
    this.client.forwardOut(socket.remoteAddress ?? '127.0.0.1', socket.remotePort ?? 0, this.options.remoteHost, this.options.remotePort, (error, channel: ClientChannel) => {
      if (error) {
        this.lastError = `cannot reach ${this.options.remoteHost}:${this.options.remotePort} from ${this.options.hostName}: ${error.message}`;
        socket.destroy();
        this.emit();
        return;
      }
      if (socket.destroyed) {
        channel.close();
        return;
      }
      channel.on('data', (chunk: Buffer) => {
        this.bytesIn += chunk.length;
        this.emitSoon();
      });
      socket.on('data', (chunk: Buffer) => {
        this.bytesOut += chunk.length;
        this.emitSoon();
      });
      // pipe() carries backpressure both ways: a slow viewer stops the SSH window and vice versa.
      socket.pipe(channel);
      channel.pipe(socket);
      channel.on('close', () => socket.end());
      socket.once('close', () => channel.close());
      channel.on('error', () => socket.destroy());
      socket.resume();
      this.emit();
    });
  }

  private fail(message: string): void {
    this.lastError = message;
    void this.stop(message);
  }

  private emit(): void {
    this.options.onStatus?.(this.status());
  }

  /** Byte counters move on every chunk: tell at most twice a second while traffic flows. */
  private emitSoon(): void {
    if (this.emitTimer || this.state !== 'listening') return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = undefined;
      if (this.state === 'listening') this.emit();
    }, 500);
    this.emitTimer.unref();
  }
}
