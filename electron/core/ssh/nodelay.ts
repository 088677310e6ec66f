import type { Client } from 'ssh2';

/** Long enough for a busy host to start and end a shell; the forward never waits for it. */
const ASK_TIMEOUT_MS = 10_000;

const asked = new WeakSet<Client>();

/**
 * OpenSSH's sshd turns Nagle's algorithm off on a connection (TCP_NODELAY) only when a session on it first
 * runs a command or a shell (`ssh_packet_set_interactive`). A connection that only forwards ports (a jump
 * host, a tunnel, a remote desktop) never does, so each small write from the far side waits for this side's
 * delayed ACK: about 40 ms added to every screen update or echoed key (docs/performance.md). One empty
 * command makes sshd set it, for the life of the connection. `exit 0` means the same to sh, cmd and
 * PowerShell. Best effort: a host that refuses commands (a forced command, a restricted key) keeps
 * forwarding as before, and nothing waits on the answer.
 */
export function askForNoDelay(client: Client): void {
  if (asked.has(client)) return;
  asked.add(client);
  try {
    client.exec('exit 0', (error, channel) => {
      if (error) return;
      const timer = setTimeout(() => channel.close(), ASK_TIMEOUT_MS);
      channel.on('error', () => undefined);
      channel.once('close', () => clearTimeout(timer));
      channel.resume();
      channel.stderr.resume();
    });
  } catch {
    // A connection closing meanwhile: nothing to speed up.
  }
}
