import type { Client } from 'ssh2';
import type { Host, RunResult } from '../../../shared/contract/ssh';
import { runCommand, type RunOptions } from './exec';
import { askForNoDelay } from './nodelay';
import { openSftp, type SftpSession } from './sftp';
import { openShell, type ShellOptions, type TerminalSession } from './shell';
import { Tunnel, type TunnelOptions } from './tunnel';

/**
 * One live SSH connection to a host (through its jump hosts). Shells, commands, SFTP and tunnels are
 * channels over it; closing it closes them and the jump hops. Reconnecting means connecting again.
 */
export class SshConnection {
  readonly closed: Promise<void>;
  private open = true;

  constructor(
    readonly host: Host,
    /** Outermost jump host first, the target last. */
    private readonly hops: readonly Client[],
  ) {
    this.closed = new Promise((resolve) =>
      this.client.once('close', () => {
        this.open = false;
        for (const hop of [...this.hops].reverse()) hop.end();
        resolve();
      }),
    );
    // Errors after setup (keepalive timeout, reset) end in 'close'; without a listener they would throw.
    for (const hop of hops) hop.on('error', () => undefined);
  }

  get client(): Client {
    return this.hops.at(-1)!;
  }

  get isOpen(): boolean {
    return this.open;
  }

  run(command: string, options: RunOptions = {}): Promise<RunResult> {
    return runCommand(this.client, command, { hostName: this.host.name, ...options });
  }

  openShell(options: Omit<ShellOptions, 'hostName'>): Promise<TerminalSession> {
    return openShell(this.client, { ...options, hostName: this.host.name });
  }

  sftp(): Promise<SftpSession> {
    return openSftp(this.client, this.host.name);
  }

  openTunnel(options: Omit<TunnelOptions, 'hostName'>): Promise<Tunnel> {
    askForNoDelay(this.client);
    return Tunnel.open(this.client, { ...options, hostName: this.host.name });
  }

  async close(): Promise<void> {
    if (this.open) this.client.end();
    await this.closed;
  }
}
