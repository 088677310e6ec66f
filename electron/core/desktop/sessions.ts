import type { ClientChannel } from 'ssh2';
import { AtelierError } from '../../../shared/contract/errors';
import type { DesktopStep, HostKeyOffer } from '../../../shared/contract';
import { CreditPump } from '../ssh/flow';
import type { SshConnection } from '../ssh/connection';
import { SshError } from '../ssh/errors';
import type { SshService } from '../ssh/service';
import type { StreamBus } from '../streams';
import { startSharing, type SharedScreen } from './sharing';

/** Bytes of screen updates in flight to the viewer before the VNC channel is paused. */
export const DESKTOP_WINDOW_BYTES = 4 * 1024 * 1024;
const MAX_SESSIONS = 16;

export type DesktopOpenResult = { status: 'open'; sessionId: string; password?: string } | { status: 'hostKey'; offer: HostKeyOffer };

interface Pending {
  abort: AbortController;
  connection?: SshConnection;
}

interface Live {
  connection: SshConnection;
  channel: ClientChannel;
  pump: CreditPump;
  shared?: SharedScreen;
  closing: boolean;
}

export interface DesktopTarget {
  /** The port of the host's VNC server, as seen from the host. */
  port(hostName: string): number;
}

/**
 * Remote desktop sessions: one SSH connection each (through the host's jump hosts, with its pinned key and
 * vault secrets), one direct-tcpip channel to 127.0.0.1:<the host's VNC port> on the host, whose bytes go to
 * the viewer on `desktop.data`. The target is the core's to choose: the renderer only names the host.
 */
export class DesktopSessions {
  private readonly pending = new Map<string, Pending>();
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly ssh: SshService,
    private readonly bus: StreamBus,
    private readonly target: DesktopTarget,
    private readonly windowBytes = DESKTOP_WINDOW_BYTES,
  ) {}

  async open(name: string, sessionId: string, options: { share: boolean; acceptNewHostKey: boolean }): Promise<DesktopOpenResult> {
    if (this.live.has(sessionId) || this.pending.has(sessionId)) throw new AtelierError('conflict', `Desktop session ${sessionId} is already open.`, 'sessionId');
    if (this.live.size + this.pending.size >= MAX_SESSIONS) throw new AtelierError('conflict', `Too many remote desktops open (${MAX_SESSIONS}); close some first.`);
    const port = this.target.port(name);
    const pending: Pending = { abort: new AbortController() };
    this.pending.set(sessionId, pending);
    const step = (s: DesktopStep) => this.bus.emit('desktop.progress', { sessionId, step: s });
    const cancelled = () => new AtelierError('cancelled', `${name}: remote desktop cancelled.`);
    let shared: SharedScreen | undefined;
    try {
      step('ssh');
      let connection: SshConnection;
      try {
        connection = await this.ssh.connect(name, { acceptNewHostKeys: options.acceptNewHostKey });
      } catch (error) {
        if (error instanceof SshError && error.offer && (error.kind === 'host_key_unknown' || error.kind === 'host_key_changed')) return { status: 'hostKey', offer: error.offer };
        throw error;
      }
      pending.connection = connection;
      if (pending.abort.signal.aborted) throw cancelled();
      let vncPort = port;
      if (options.share) {
        step('server');
        shared = await startSharing(connection.client, name, port, pending.abort.signal);
        vncPort = shared.port;
      }
      step('vnc');
      const channel = await forward(connection, vncPort).catch((error: Error) => {
        throw new AtelierError(
          'unavailable',
          `${name}: no VNC server answers on 127.0.0.1:${vncPort} of the host (${error.message}). Start one, or use "Start sharing" on a Linux host.`,
          'port',
        );
      });
      if (pending.abort.signal.aborted) {
        channel.close();
        throw cancelled();
      }
      this.attach(name, sessionId, connection, channel, shared);
      return shared ? { status: 'open', sessionId, password: shared.password } : { status: 'open', sessionId };
    } catch (error) {
      shared?.stop();
      void pending.connection?.close();
      throw pending.abort.signal.aborted && !(error instanceof AtelierError && error.code === 'cancelled') ? cancelled() : error;
    } finally {
      this.pending.delete(sessionId);
    }
  }

  write(sessionId: string, data: Buffer): void {
    this.get(sessionId).channel.write(data);
  }

  ack(sessionId: string, bytes: number): void {
    this.live.get(sessionId)?.pump.ack(bytes);
  }

  /** Ends a session or cancels its opening; unknown ids are fine (it may have ended already). */
  close(sessionId: string): void {
    const pending = this.pending.get(sessionId);
    if (pending) {
      pending.abort.abort();
      void pending.connection?.close();
    }
    const live = this.live.get(sessionId);
    if (!live) return;
    live.closing = true;
    live.shared?.stop();
    live.channel.close();
    void live.connection.close();
  }

  isOpen(sessionId: string): boolean {
    return this.live.has(sessionId);
  }

  async closeAll(): Promise<void> {
    for (const pending of this.pending.values()) pending.abort.abort();
    const all = [...this.live.keys()];
    for (const id of all) this.close(id);
    await Promise.all([...this.pending.values()].map((p) => p.connection?.close()));
  }

  private attach(name: string, sessionId: string, connection: SshConnection, channel: ClientChannel, shared: SharedScreen | undefined): void {
    const pump = new CreditPump(channel, (chunk) => this.bus.emit('desktop.data', { sessionId, data: chunk.toString('base64'), bytes: chunk.length }), this.windowBytes);
    const live: Live = { connection, channel, pump, closing: false, ...(shared ? { shared } : {}) };
    this.live.set(sessionId, live);
    let ended = false;
    const end = (kind: 'closed' | 'server_died' | 'ssh_dropped', message?: string) => {
      if (ended) return;
      ended = true;
      pump.stop();
      this.live.delete(sessionId);
      shared?.stop();
      void connection.close();
      this.bus.emit('desktop.end', message === undefined ? { sessionId, kind } : { sessionId, kind, message });
    };
    channel.on('error', () => undefined);
    // The server's EOF leaves the channel half-open until this side closes it too.
    channel.once('end', () => channel.close());
    channel.once('close', () => {
      // Let the SSH connection's own close win the race when it is what ended the channel.
      setTimeout(() => {
        if (live.closing) end('closed');
        else if (!connection.isOpen) end('ssh_dropped', `${name}: the SSH connection was lost.`);
        else end('server_died', `${name}: the VNC server closed the connection (it stopped or was stopped).`);
      }, 50);
    });
    void connection.closed.then(() => (live.closing ? end('closed') : end('ssh_dropped', `${name}: the SSH connection was lost.`)));
  }

  private get(sessionId: string): Live {
    const live = this.live.get(sessionId);
    if (!live) throw new AtelierError('not_found', `No open remote desktop with id ${sessionId} (it may have ended).`, 'sessionId');
    return live;
  }
}

/** A direct-tcpip channel to 127.0.0.1:port as seen from the host: no port is opened on any interface here. */
function forward(connection: SshConnection, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => connection.client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (error, channel) => (error ? reject(error) : resolve(channel))));
}
