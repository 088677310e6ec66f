import { randomBytes } from 'node:crypto';
import type { Client, ClientChannel } from 'ssh2';
import { AtelierError } from '../../../shared/contract/errors';
import { installCommand } from '../../../shared/desktop/install-hint';
import { X11VNC_SPEED_OPTIONS, x11vncEnvPrefix } from './x11vnc';
import { tigerVncStart } from './x0vncserver';

/** The answer of the person at the workstation to the VNC server's accept prompt (x11vnc's or TigerVNC's). */
export type Consent = 'none' | 'pending' | 'accepted' | 'refused' | 'timeout';

/** A VNC server started on a host for one desktop session; it lives while its SSH channel is open. */
export interface SharedScreen {
  readonly port: number;
  readonly display: string;
  /** The server started: `x11vnc`, else TigerVNC's scraping server (`X0tigervnc` on Debian, `x0vncserver` elsewhere). */
  readonly server: string;
  /** One-time password (classic VNC authentication reads 8 characters). */
  readonly password: string;
  readonly exited: Promise<void>;
  /** `none` when no consent is asked; else `pending` until the user answers the prompt. */
  consent(): Consent;
  /** Settles once the user answered (or the prompt timed out), or the server stopped. */
  readonly answered: Promise<void>;
  stop(): void;
}

const START_TIMEOUT_MS = 20_000;

/**
 * Finds the user's X display (DISPLAY and XAUTHORITY of the user's own processes, else an X socket the user
 * owns; either only while its X server runs), starts x11vnc on localhost with the password read from stdin
 * (never on a command line), and kills it when the channel's stdin ends: closing the panel or losing the SSH
 * connection both end it. x11vnc's TERM handler can hang in its clean-up: a KILL follows if it is still there
 * after 3 s.
 * With `consentTimeoutS`, x11vnc's own accept prompt asks the person at the display; its log (not quiet then)
 * goes through a FIFO so the answer reaches the core as an `ATELIER_CONSENT=` line.
 * Without x11vnc, TigerVNC's scraping server (x0vncserver) is the second choice, with its own accept dialog
 * when consent is asked (x0vncserver.ts), its answer read from its log the same way.
 */
export function shareScript(firstPort: number, consentTimeoutS?: number): string {
  const consent = consentTimeoutS !== undefined;
  const run = `${x11vncEnvPrefix()} x11vnc -display "$disp" -localhost -autoport ${firstPort} -passwdfile "rm:$f" -forever -shared -nopw ${X11VNC_SPEED_OPTIONS.join(' ')}`;
  const start = consent
    ? `mkfifo "$work/err" || exit 5
${run} -accept popup:${Math.round(consentTimeoutS)} </dev/null 2>"$work/err" &
pid=$!
while IFS= read -r l; do
  printf '%s\\n' "$l" >> "$log"
  case "$l" in
    *"popup accepted"*) echo ATELIER_CONSENT=accepted ;;
    *"popup timed out"*) echo ATELIER_CONSENT=timeout ;;
    *"popup rejected"*) echo ATELIER_CONSENT=refused ;;
  esac
done < "$work/err" &`
    : `${run} -quiet </dev/null 2>"$log" &
pid=$!`;
  return `IFS= read -r pw || exit 9
srv=
for s in x11vnc X0tigervnc x0vncserver; do if command -v $s >/dev/null 2>&1; then srv=$s; break; fi; done
if [ -z "$srv" ]; then echo ATELIER_NO_VNC; cat /etc/os-release 2>/dev/null; exit 3; fi
if [ "$srv" != x11vnc ]; then
  command -v vncpasswd >/dev/null 2>&1 || { echo ATELIER_NO_VNCPASSWD; exit 3; }
fi
echo "ATELIER_SERVER=$srv"
disp=; xa=
# A display is live when the X server named in its lock file still runs: an X server that crashed or was
# killed leaves its socket behind, and a dead display would be taken for the user's.
live() { l=$(tr -d ' ' < /tmp/.X$1-lock 2>/dev/null); [ -S /tmp/.X11-unix/X$1 ] && [ -n "$l" ] && [ -d /proc/$l ]; }
for p in $(pgrep -u "$(id -u)" 2>/dev/null); do
  d=$(tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | sed -n 's/^DISPLAY=//p')
  case "$d" in :[0-9]*) ;; *) continue ;; esac
  n=\${d#:}; n=\${n%%.*}
  live $n || continue
  disp=$d; xa=$(tr '\\0' '\\n' < /proc/$p/environ 2>/dev/null | sed -n 's/^XAUTHORITY=//p'); break
done
if [ -z "$disp" ]; then
  for s in /tmp/.X11-unix/X*; do n=\${s#/tmp/.X11-unix/X}; if [ -O "$s" ] && live $n; then disp=":$n"; break; fi; done
fi
if [ -z "$disp" ]; then echo ATELIER_NO_DISPLAY; exit 4; fi
echo "ATELIER_DISPLAY=$disp"
if [ -n "$xa" ]; then export XAUTHORITY="$xa"; fi
umask 077
work=$(mktemp -d) || exit 5
# The folder holds the one-time password: it goes however this shell ends (the SSH channel closing sends a
# hangup, a write to a closed channel a broken pipe).
trap 'rm -rf "$work"' EXIT; trap 'exit 129' HUP; trap 'exit 141' PIPE; trap 'exit 143' TERM
f=$work/pw; log=$work/log
exec 3<&0
if [ "$srv" = x11vnc ]; then
printf '%s\\n' "$pw" > "$f"
${start}
else
${tigerVncStart(firstPort, consentTimeoutS)}
fi
{ cat >/dev/null 2>&1; kill "$pid" 2>/dev/null; sleep 3; kill -0 "$pid" 2>/dev/null && kill -9 "$pid"; } <&3 >/dev/null 2>&1 &
wait "$pid"; code=$?
# The folder (and x0vncserver's password file) goes before any write: once the channel is closed, a write's SIGPIPE ends this shell.
end=$(tail -n 5 "$log"); rm -rf "$work"
echo "ATELIER_EXIT=$code"; printf '%s\\n' "$end" >&2
exit $code
`;
}

/** The server as the technician knows it: Debian names TigerVNC's scraping server's binary X0tigervnc. */
export function serverName(binary: string): string {
  return binary === 'X0tigervnc' ? 'x0vncserver' : binary;
}

function exec(client: Client, command: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => client.exec(command, (error, channel) => (error ? reject(error) : resolve(channel))));
}

/** Starts sharing the host's screen; `signal` cancels the start (the server is stopped). */
export async function startSharing(client: Client, hostName: string, firstPort: number, signal: AbortSignal, options: { consentTimeoutS?: number } = {}): Promise<SharedScreen> {
  const password = randomBytes(6).toString('base64url').slice(0, 8);
  // A long-lived channel, not runCommand: its open stdin is the server's lifeline.
  const channel = await exec(client, shareScript(firstPort, options.consentTimeoutS));
  let stdout = '';
  let stderr = '';
  let consent: Consent = options.consentTimeoutS !== undefined ? 'pending' : 'none';
  let answer: () => void = () => undefined;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const exited = new Promise<void>((resolve) => channel.once('close', () => resolve()));
  void exited.then(() => answer());
  channel.on('data', (chunk: Buffer) => {
    stdout = (stdout + chunk.toString()).slice(-8000);
    // The first answer stands: a timeout is also logged as a rejection just after.
    const said = consent === 'pending' && /^ATELIER_CONSENT=(accepted|refused|timeout)/m.exec(stdout);
    if (said) {
      consent = said[1] as Consent;
      answer();
    }
  });
  channel.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  channel.write(`${password}\n`);
  const stop = () => {
    channel.end();
    channel.close();
  };
  const started = await new Promise<{ port: number; display: string; server: string }>((resolve, reject) => {
    const timer = setTimeout(() => fail(new AtelierError('unavailable', `${hostName}: the VNC server did not start within ${START_TIMEOUT_MS / 1000} s. ${stderr.trim()}`.trim())), START_TIMEOUT_MS);
    const onAbort = () => fail(new AtelierError('cancelled', `${hostName}: starting the screen sharing was cancelled.`));
    signal.addEventListener('abort', onAbort, { once: true });
    const check = () => {
      const port = /^PORT=(\d+)/m.exec(stdout);
      const display = /^ATELIER_DISPLAY=(\S+)/m.exec(stdout);
      const server = /^ATELIER_SERVER=(\S+)/m.exec(stdout);
      if (port && display && server) done({ port: Number(port[1]), display: display[1] as string, server: server[1] as string });
    };
    channel.on('data', check);
    void exited.then(() => fail(whyNotStarted(hostName, stdout, stderr)));
    function done(value: { port: number; display: string; server: string }) {
      cleanup();
      resolve(value);
    }
    function fail(error: Error) {
      cleanup();
      stop();
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      channel.off('data', check);
    }
    if (signal.aborted) onAbort();
  });
  return { ...started, password, exited, stop, answered, consent: () => consent };
}

/** What the technician reads when the share script ended before a VNC server served the screen. */
export function whyNotStarted(hostName: string, stdout: string, stderr: string): AtelierError {
  if (stdout.includes('ATELIER_NO_VNC')) {
    const command = installCommand(stdout);
    return new AtelierError(
      'unavailable',
      `${hostName}: no VNC server is installed (neither x11vnc nor TigerVNC's x0vncserver found).${command ? ` Install x11vnc on the host with: ${command}` : ' Install the x11vnc package on the host.'}`,
    );
  }
  if (stdout.includes('ATELIER_NO_VNCPASSWD')) {
    return new AtelierError('unavailable', `${hostName}: TigerVNC's x0vncserver is installed but not its vncpasswd, which makes the one-time password file (Debian: tigervnc-tools).`);
  }
  if (stdout.includes('ATELIER_NO_DISPLAY')) {
    return new AtelierError('unavailable', `${hostName}: no running X display of this user was found (is someone logged in to a graphical session? Wayland-only sessions are not shared).`);
  }
  const detail = stderr.trim().split('\n').filter(Boolean).slice(-2).join(' ');
  const server = /^ATELIER_SERVER=(\S+)/m.exec(stdout)?.[1] ?? 'x11vnc';
  return new AtelierError('unavailable', `${hostName}: ${server} stopped before serving the screen${detail ? ` (${detail})` : ''}.`);
}
