import type { ClientChannel } from 'ssh2';
import { AtelierError } from '../../../shared/contract/errors';
import type { DesktopStep, HostKeyOffer } from '../../../shared/contract';
import type { TraceEnd, TraceFact, TraceLang } from '../../../shared/desktop/trace';
import { CreditPump } from '../ssh/flow';
import type { SshConnection } from '../ssh/connection';
import { SshError } from '../ssh/errors';
import { askForNoDelay } from '../ssh/nodelay';
import type { SshService } from '../ssh/service';
import type { StreamBus } from '../streams';
import { serverName, startSharing, type SharedScreen } from './sharing';

/** Bytes of screen updates in flight to the viewer before the VNC channel is paused. */
export const DESKTOP_WINDOW_BYTES = 4 * 1024 * 1024;
const MAX_SESSIONS = 16;

export type DesktopOpenResult = { status: 'open'; sessionId: string; password?: string; consent?: boolean } | { status: 'hostKey'; offer: HostKeyOffer };

/** The ticket a session traces on: opened, control taken or given back, ended (and the time as worklog). */
export interface DesktopTracer {
  /** Throws when there is no such ticket, before anything is opened. */
  check(ticketId: string): void;
  record(ticketId: string, fact: TraceFact, lang: TraceLang): void;
}

interface Trace {
  ticketId: string;
  lang: TraceLang;
  startedAt: number;
  control: boolean;
}

interface Pending {
  abort: AbortController;
  connection?: SshConnection;
}

interface Live {
  host: string;
  connection: SshConnection;
  channel: ClientChannel;
  pump: CreditPump;
  shared?: SharedScreen;
  trace?: Trace;
  closing: boolean;
}

export interface DesktopTarget {
  /** The port of the host's VNC server, as seen from the host. */
  port(hostName: string): number;
  /** Whether "Start sharing" asks the person at the host to accept, and how long the prompt waits (s). */
  consent(hostName: string): { ask: boolean; timeoutS: number };
}

export interface DesktopOptions {
  windowBytes?: number;
  tracer?: DesktopTracer;
  now?: () => number;
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
    private readonly options: DesktopOptions = {},
  ) {}

  async open(name: string, sessionId: string, options: { share: boolean; acceptNewHostKey: boolean; ticket?: { id: string; lang: TraceLang } | undefined }): Promise<DesktopOpenResult> {
    if (this.live.has(sessionId) || this.pending.has(sessionId)) throw new AtelierError('conflict', `Desktop session ${sessionId} is already open.`, 'sessionId');
    if (this.live.size + this.pending.size >= MAX_SESSIONS) throw new AtelierError('conflict', `Too many remote desktops open (${MAX_SESSIONS}); close some first.`);
    const port = this.target.port(name);
    if (options.ticket) this.options.tracer?.check(options.ticket.id);
    const asked = this.target.consent(name);
    const consent = options.share && asked.ask;
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
        shared = await startSharing(connection.client, name, port, pending.abort.signal, consent ? { consentTimeoutS: asked.timeoutS } : {});
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
      const trace = options.ticket && { ticketId: options.ticket.id, lang: options.ticket.lang, startedAt: this.now(), control: false };
      this.attach(name, sessionId, connection, channel, shared, trace);
      if (trace) this.trace(trace, { kind: 'opened', host: name, mode: options.share ? 'share' : 'connect', consent, ...(shared ? { server: serverName(shared.server) } : {}) });
      if (consent) step('consent');
      return shared ? { status: 'open', sessionId, password: shared.password, ...(consent ? { consent } : {}) } : { status: 'open', sessionId };
    } catch (error) {
      shared?.stop();
      void pending.connection?.close();
      throw pending.abort.signal.aborted && !(error instanceof AtelierError && error.code === 'cancelled') ? cancelled() : error;
    } finally {
      this.pending.delete(sessionId);
    }
  }

  write(sessionId: string, data: Uint8Array): void {
    this.get(sessionId).channel.write(data);
  }

  /** The viewer took or gave back control: a trace on the ticket when it changes. */
  control(sessionId: string, control: boolean): void {
    const live = this.get(sessionId);
    if (!live.trace || live.trace.control === control) return;
    live.trace.control = control;
    this.trace(live.trace, { kind: 'control', host: live.host, control });
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
    const shared = live.shared;
    live.channel.close();
    // A viewer closing on a refusal in the RFB handshake (TigerVNC's prompt) may come before the share
    // script's line saying so, and that line travels on the script's channel: the script (and with it the
    // server) is stopped once the line is read, or after a second.
    const answer = shared?.consent() === 'pending' ? Promise.race([shared.answered, sleep(1000)]) : Promise.resolve();
    void answer.then(() => {
      shared?.stop();
      void live.connection.close();
    });
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

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** A trace never stops a session: a ticket that refuses it (closed meanwhile) is only logged. */
  private trace(trace: Trace, fact: TraceFact): void {
    try {
      this.options.tracer?.record(trace.ticketId, fact, trace.lang);
    } catch {
      // The tracer logs its own failures.
    }
  }

  private attach(name: string, sessionId: string, connection: SshConnection, channel: ClientChannel, shared: SharedScreen | undefined, trace: Trace | undefined): void {
    const pump = new CreditPump(channel, (chunk) => this.bus.emit('desktop.data', { sessionId, data: chunk }), this.options.windowBytes ?? DESKTOP_WINDOW_BYTES);
    const live: Live = { host: name, connection, channel, pump, closing: false, ...(shared ? { shared } : {}), ...(trace ? { trace } : {}) };
    this.live.set(sessionId, live);
    let ended = false;
    const end = (kind: TraceEnd, message?: string) => {
      if (ended) return;
      ended = true;
      pump.stop();
      this.live.delete(sessionId);
      shared?.stop();
      void connection.close();
      if (trace) this.trace(trace, { kind: 'ended', host: name, ms: this.now() - trace.startedAt, end: kind });
      this.bus.emit('desktop.end', message === undefined ? { sessionId, kind } : { sessionId, kind, message });
    };
    // The user's answer comes first: a server that asks after the password (TigerVNC) refuses within the RFB
    // handshake, and the viewer closes the session on that.
    const refusal = (): boolean => {
      const consent = shared?.consent();
      if (consent === 'refused') end('refused', `${name}: the user at the workstation refused the remote desktop.`);
      else if (consent === 'timeout') end('consent_timeout', `${name}: the user at the workstation did not answer the request in time.`);
      else return false;
      return true;
    };
    channel.on('error', () => undefined);
    // The server's EOF leaves the channel half-open until this side closes it too.
    channel.once('end', () => channel.close());
    channel.once('close', () => {
      // Let the SSH connection's own close win the race when it is what ended the channel; a refusal at the
      // workstation closes the channel just before its answer arrives on the share script's output.
      const answer = shared?.consent() === 'pending' ? Promise.race([shared.answered, sleep(3000)]) : Promise.resolve();
      void answer.then(() =>
        setTimeout(() => {
          if (refusal()) return;
          if (live.closing) end('closed');
          else if (!connection.isOpen) end('ssh_dropped', `${name}: the SSH connection was lost.`);
          else end('server_died', `${name}: the VNC server closed the connection (it stopped or was stopped).`);
        }, 50),
      );
    });
    void connection.closed.then(() => refusal() || (live.closing ? end('closed') : end('ssh_dropped', `${name}: the SSH connection was lost.`)));
  }

  private get(sessionId: string): Live {
    const live = this.live.get(sessionId);
    // A closing session is gone for its viewer at once, even while its connection still waits on a consent line.
    if (!live || live.closing) throw new AtelierError('not_found', `No open remote desktop with id ${sessionId} (it may have ended).`, 'sessionId');
    return live;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A direct-tcpip channel to 127.0.0.1:port as seen from the host: no port is opened on any interface here. */
function forward(connection: SshConnection, port: number): Promise<ClientChannel> {
  askForNoDelay(connection.client);
  return new Promise((resolve, reject) => connection.client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (error, channel) => (error ? reject(error) : resolve(channel))));
}
