import { AtelierError } from '../../../shared/contract/errors';
import type { HostKeyOffer } from '../../../shared/contract/ssh';
import type { StreamBus } from '../streams';
import type { SshConnection } from './connection';
import { SshError } from './errors';
import { CreditPump } from './flow';
import type { SshService } from './service';
import type { TerminalSession } from './shell';

/**
 * Bytes a terminal may have sent and not yet had acknowledged by the renderer. Small enough that Ctrl-C
 * under a flood shows quickly (xterm draws this much in well under 100 ms), large enough for full speed.
 */
export const TERMINAL_WINDOW_BYTES = 512 * 1024;
const MAX_SESSIONS = 64;

export type OpenResult = { status: 'open'; sessionId: string } | { status: 'hostKey'; offer: HostKeyOffer };

interface Live {
  session: TerminalSession;
  connection: SshConnection;
  pump: CreditPump;
}

/**
 * Terminal sessions as the contract sees them: output goes out on `terminal.output` under a credit window
 * (the renderer acks what it drew), exits on `terminal.exit`. One SSH connection per terminal, so closing
 * a tab or losing one host never disturbs another.
 */
export class TerminalManager {
  private readonly live = new Map<string, Live>();

  constructor(
    private readonly ssh: SshService,
    private readonly bus: StreamBus,
    private readonly windowBytes = TERMINAL_WINDOW_BYTES,
  ) {}

  async open(name: string, cols: number, rows: number, acceptNewHostKey: boolean): Promise<OpenResult> {
    if (this.live.size >= MAX_SESSIONS) throw new AtelierError('conflict', `Too many open terminals (${MAX_SESSIONS}); close some first.`);
    let connection: SshConnection;
    try {
      connection = await this.ssh.connect(name, { acceptNewHostKeys: acceptNewHostKey });
    } catch (error) {
      if (error instanceof SshError && error.offer && (error.kind === 'host_key_unknown' || error.kind === 'host_key_changed')) {
        return { status: 'hostKey', offer: error.offer };
      }
      throw error;
    }
    let session: TerminalSession;
    try {
      session = await connection.openShell({ cols, rows });
    } catch (error) {
      await connection.close();
      throw error;
    }
    const sessionId = session.id;
    const pump = new CreditPump(
      session.output,
      (chunk) => this.bus.emit('terminal.output', { sessionId, data: chunk.toString('base64'), bytes: chunk.length }),
      this.windowBytes,
    );
    this.live.set(sessionId, { session, connection, pump });
    let ended = false;
    const finish = (exitCode: number | null, error?: string) => {
      if (ended) return;
      ended = true;
      pump.stop();
      this.live.delete(sessionId);
      void connection.close();
      this.bus.emit('terminal.exit', error === undefined ? { sessionId, exitCode } : { sessionId, exitCode, error });
    };
    // Exit is announced once the output has been handed over, so the last line is not lost behind it.
    session.output.once('end', () => void session.exited.then((exit) => finish(exit.exitCode, exit.signal ? `signal ${exit.signal}` : undefined)));
    void connection.closed.then(() => finish(null, `${name}: the connection was closed.`));
    return { status: 'open', sessionId };
  }

  write(sessionId: string, data: string): void {
    this.get(sessionId).session.write(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    this.get(sessionId).session.resize(cols, rows);
  }

  ack(sessionId: string, bytes: number): void {
    // An ack racing the session's end is harmless.
    this.live.get(sessionId)?.pump.ack(bytes);
  }

  close(sessionId: string): void {
    const live = this.live.get(sessionId);
    if (!live) return;
    live.session.close();
    void live.connection.close();
  }

  /** For tests and diagnostics: flow-control state of a session. */
  stats(sessionId: string) {
    return this.get(sessionId).pump.stats();
  }

  async closeAll(): Promise<void> {
    const all = [...this.live.values()];
    for (const live of all) live.session.close();
    await Promise.all(all.map((live) => live.connection.close()));
  }

  private get(sessionId: string): Live {
    const live = this.live.get(sessionId);
    if (!live) throw new AtelierError('not_found', `No open terminal with id ${sessionId} (it may have ended).`, 'sessionId');
    return live;
  }
}
