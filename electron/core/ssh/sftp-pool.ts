import type { ConnectOptions } from './connect';
import type { SshConnection } from './connection';
import type { SshService } from './service';
import type { SftpSession } from './sftp';

/** How long an unused session stays open: the file panel's clicks reuse it, a forgotten panel closes it. */
export const SFTP_IDLE_MS = 60_000;

interface Entry {
  connection: SshConnection;
  session: SftpSession;
  users: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One SFTP session per host, shared by the file panel's calls and the transfer / log jobs, instead of
 * an SSH handshake per click. A session in use is never closed; it closes `idleMs` after its last use,
 * or when the connection drops (the next use connects again).
 */
export class SftpPool {
  private readonly entries = new Map<string, Promise<Entry>>();
  private connects = 0;

  constructor(
    private readonly ssh: SshService,
    private readonly idleMs = SFTP_IDLE_MS,
  ) {}

  /** Runs `work` on the host's session, connecting if needed; the session stays open while it runs. */
  async use<T>(name: string, work: (session: SftpSession, connection: SshConnection) => Promise<T>, options: ConnectOptions = {}): Promise<T> {
    const entry = await this.acquire(name, options);
    entry.users++;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    try {
      return await work(entry.session, entry.connection);
    } finally {
      entry.users--;
      if (entry.users === 0 && entry.connection.isOpen) {
        entry.timer = setTimeout(() => void this.close(name), this.idleMs);
        entry.timer.unref();
      }
    }
  }

  /** For tests and diagnostics: open sessions and connections made so far. */
  stats(): { open: number; connects: number } {
    return { open: this.entries.size, connects: this.connects };
  }

  async close(name: string): Promise<void> {
    const key = name.toLowerCase();
    const pending = this.entries.get(key);
    if (!pending) return;
    this.entries.delete(key);
    const entry = await pending.catch(() => undefined);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.session.close();
    await entry.connection.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.close(key)));
  }

  private async acquire(name: string, options: ConnectOptions): Promise<Entry> {
    const key = name.toLowerCase();
    const existing = this.entries.get(key);
    if (existing) {
      const entry = await existing.catch(() => undefined);
      if (entry?.connection.isOpen) return entry;
      if (this.entries.get(key) === existing) this.entries.delete(key);
    }
    const pending = this.open(name, key, options);
    this.entries.set(key, pending);
    pending.catch(() => {
      if (this.entries.get(key) === pending) this.entries.delete(key);
    });
    return await pending;
  }

  private async open(name: string, key: string, options: ConnectOptions): Promise<Entry> {
    this.connects++;
    const connection = await this.ssh.connect(name, options);
    let session: SftpSession;
    try {
      session = await connection.sftp();
    } catch (error) {
      await connection.close();
      throw error;
    }
    const entry: Entry = { connection, session, users: 0, timer: undefined };
    void connection.closed.then(() => {
      clearTimeout(entry.timer);
      void this.entries.get(key)?.then((current) => {
        if (current === entry) this.entries.delete(key);
      });
    });
    return entry;
  }
}
