import { AtelierError } from '../../../shared/contract/errors';
import type { HostKeyOffer } from '../../../shared/contract/ssh';
import type { StreamBus } from '../streams';
import type { SshConnection } from './connection';
import { SshError } from './errors';
import { CreditPump } from './flow';
import type { CastRecorder, RecordingTarget, SessionRecordings, StoredRecording } from './recording';
import type { SshService } from './service';
import type { TerminalSession } from './shell';

/**
 * Bytes a terminal may have sent and not yet had acknowledged by the renderer. Small enough that Ctrl-C
 * under a flood shows quickly (xterm draws this much in well under 100 ms), large enough for full speed.
 */
export const TERMINAL_WINDOW_BYTES = 512 * 1024;
const MAX_SESSIONS = 64;

export type OpenResult = { status: 'open'; sessionId: string; recording?: { ticketId: string } } | { status: 'hostKey'; offer: HostKeyOffer };

export interface OpenOptions {
  acceptNewHostKey?: boolean;
  /** Record the session (asciicast v2) and attach it to this ticket when it ends. */
  recordTo?: string;
}

/** The terminal type the PTY is opened with (and a recording's env.TERM). */
const TERM = 'xterm-256color';

interface Live {
  session: TerminalSession;
  connection: SshConnection;
  pump: CreditPump;
  recording?: { recorder: CastRecorder; target: RecordingTarget; detach: () => void };
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
    private readonly recordings?: SessionRecordings,
  ) {}

  async open(name: string, cols: number, rows: number, options: OpenOptions = {}): Promise<OpenResult> {
    const { acceptNewHostKey = false, recordTo } = options;
    if (this.live.size >= MAX_SESSIONS) throw new AtelierError('conflict', `Too many open terminals (${MAX_SESSIONS}); close some first.`);
    if (recordTo !== undefined) {
      if (!this.recordings) throw new AtelierError('unavailable', 'Session recording is not available in this core.', 'ticketId');
      // Fail before connecting: a recording with nowhere to go is not started.
      this.recordings.check(recordTo);
    }
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
      session = await connection.openShell({ cols, rows, term: TERM });
    } catch (error) {
      await connection.close();
      throw error;
    }
    const sessionId = session.id;
    const pump = new CreditPump(
      session.output,
      (chunk) => this.bus.emit('terminal.output', { sessionId, data: chunk }),
      this.windowBytes,
    );
    const live: Live = { session, connection, pump };
    if (recordTo !== undefined && this.recordings) {
      const target = { ticketId: recordTo, host: name };
      let recorder: CastRecorder;
      try {
        recorder = this.recordings.begin(sessionId, target, { cols, rows }, TERM);
      } catch (error) {
        // Asked to record and cannot (disk full, data folder read-only): no unrecorded session instead.
        pump.stop();
        session.close();
        await connection.close();
        throw new AtelierError('unavailable', `The session cannot be recorded: ${error instanceof Error ? error.message : String(error)}`, 'record');
      }
      let halted = false;
      const onData = (chunk: Buffer) => {
        recorder.output(chunk);
        if (recorder.truncated && !halted) {
          halted = true;
          this.bus.emit('terminal.recording', { sessionId, state: 'truncated', ticketId: recordTo, ...(recorder.error ? { error: recorder.error } : {}) });
        }
      };
      session.output.on('data', onData);
      live.recording = { recorder, target, detach: () => session.output.off('data', onData) };
      this.bus.emit('terminal.recording', { sessionId, state: 'recording', ticketId: recordTo });
    }
    this.live.set(sessionId, live);
    let ended = false;
    const finish = (exitCode: number | null, error?: string) => {
      if (ended) return;
      ended = true;
      pump.stop();
      this.saveRecording(sessionId, live);
      this.live.delete(sessionId);
      void connection.close();
      this.bus.emit('terminal.exit', error === undefined ? { sessionId, exitCode } : { sessionId, exitCode, error });
    };
    // Exit is announced once the output has been handed over, so the last line is not lost behind it.
    session.output.once('end', () => void session.exited.then((exit) => finish(exit.exitCode, exit.signal ? `signal ${exit.signal}` : undefined)));
    void connection.closed.then(() => finish(null, `${name}: the connection was closed.`));
    return live.recording ? { status: 'open', sessionId, recording: { ticketId: recordTo as string } } : { status: 'open', sessionId };
  }

  write(sessionId: string, data: string): void {
    const live = this.get(sessionId);
    live.recording?.recorder.input(data);
    live.session.write(data);
  }

  resize(sessionId: string, cols: number, rows: number): void {
    const live = this.get(sessionId);
    live.recording?.recorder.resize(cols, rows);
    live.session.resize(cols, rows);
  }

  /** Ends the recording now and attaches it to its ticket; the session goes on unrecorded. */
  stopRecording(sessionId: string): StoredRecording {
    const live = this.get(sessionId);
    if (!live.recording) throw new AtelierError('conflict', `Terminal ${sessionId} is not being recorded.`, 'sessionId');
    const stored = this.saveRecording(sessionId, live);
    if (!stored) throw new AtelierError('internal', 'The recording could not be attached to its ticket; the file was kept in the data folder.', 'sessionId');
    return stored;
  }

  /**
   * Synchronous on purpose: the core's close runs this before the database closes. A failure keeps the
   * file (recovered at the next start) and is reported on the stream instead of thrown at a closing tab.
   */
  private saveRecording(sessionId: string, live: Live): StoredRecording | undefined {
    const recording = live.recording;
    if (!recording || !this.recordings) return undefined;
    live.recording = undefined;
    recording.detach();
    try {
      const stored = this.recordings.finish(recording.recorder, recording.target);
      this.bus.emit('terminal.recording', { sessionId, state: 'saved', ticketId: stored.ticketId, name: stored.name, truncated: stored.truncated });
      return stored;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.bus.emit('terminal.recording', { sessionId, state: 'failed', ticketId: recording.target.ticketId, error: message });
      return undefined;
    }
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
    // Recordings first, synchronously, while the store is still open.
    for (const [sessionId, live] of this.live) this.saveRecording(sessionId, live);
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
