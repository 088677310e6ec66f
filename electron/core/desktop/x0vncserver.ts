/**
 * How "Start sharing" serves a screen with TigerVNC's scraping server when x11vnc is not installed: on
 * 127.0.0.1 only, VNC authentication only, with the one-time password in a private file that `vncpasswd -f`
 * obfuscates (the file goes with the session's temp folder when the server stops).
 *
 * Consent: `-QueryConnect` shows TigerVNC's own dialog on the user's screen ("Accept" / "Reject", and a count
 * down to an automatic reject) once the viewer has given the password; its answer is read from the server's
 * log. A refusal and no answer in time are the same line there ("Connection rejected by local user"), told
 * apart by how long the prompt was up.
 */

/** How many ports from the first are tried: x0vncserver has no `-autoport`; one that is taken makes it exit. */
export const TIGER_PORT_TRIES = 10;

export function tigerVncOptions(port: string, consentTimeoutS?: number): string[] {
  const ask = consentTimeoutS === undefined ? [] : ['-QueryConnect', '-QueryConnectTimeout', String(Math.round(consentTimeoutS))];
  return ['-display', '"$disp"', '-rfbport', port, '-localhost', '-interface', '127.0.0.1', '-SecurityTypes', 'VncAuth', '-PasswordFile', '"$f"', '-AlwaysShared', ...ask];
}

/**
 * A reader of the server's log (from the FIFO `$work/err`, copied to `$log`) that prints the user's answer
 * as an `ATELIER_CONSENT=` line: accepted once the viewer's first message after the handshake is logged.
 */
function tigerConsentReader(consentTimeoutS: number): string {
  // TigerVNC wraps long log lines ("...: Connection" / "    rejected by local user"): each line is read
  // joined to the one before it. Its pixel format line comes once the viewer is let in.
  return `{ asked=$(date +%s); prev=; while IFS= read -r l; do
    printf '%s\\n' "$l" >> "$log"
    case "$prev $l" in
      *"Connections: accepted"*) asked=$(date +%s) ;;
      *rejected*by*local*user*) l=; if [ $(( $(date +%s) - asked )) -ge ${Math.round(consentTimeoutS)} ]; then echo ATELIER_CONSENT=timeout; else echo ATELIER_CONSENT=refused; fi ;;
      *"pixel format"*) echo ATELIER_CONSENT=accepted ;;
    esac
    prev=$l
  done < "$work/err"; } &`;
}

/**
 * Shell lines (run by the share script, with `$srv`, `$disp`, `$pw`, `$f` and `$log` set) that start the server
 * on the first free port from `firstPort`, print `PORT=` once it listens, and leave its pid in `$pid`.
 */
export function tigerVncStart(firstPort: number, consentTimeoutS?: number): string {
  const consent = consentTimeoutS !== undefined;
  return `printf '%s\\n' "$pw" | vncpasswd -f > "$f" || exit 5
${consent ? 'mkfifo "$work/err" || exit 5\n' : ''}port=${firstPort}; pid=
while [ "$port" -lt ${firstPort + TIGER_PORT_TRIES} ] && [ -z "$pid" ]; do
  "$srv" ${tigerVncOptions('"$port"', consentTimeoutS).join(' ')} </dev/null 2>${consent ? '"$work/err"' : '"$log"'} &
  pid=$!; i=0
  ${consent ? tigerConsentReader(consentTimeoutS) : ''}
  until grep -q 'Listening for VNC connections' "$log" 2>/dev/null; do
    i=$((i + 1))
    if ! kill -0 "$pid" 2>/dev/null || [ "$i" -gt 150 ]; then kill "$pid" 2>/dev/null; pid=; port=$((port + 1)); break; fi
    sleep 0.1
  done
done
if [ -z "$pid" ]; then echo ATELIER_EXIT=1; tail -n 5 "$log" >&2; rm -rf "$work"; exit 1; fi
echo "PORT=$port"`;
}
