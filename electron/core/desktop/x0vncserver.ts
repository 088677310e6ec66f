/**
 * How "Start sharing" serves a screen with TigerVNC's scraping server when x11vnc is not installed: on
 * 127.0.0.1 only, VNC authentication only, with the one-time password in a private file that `vncpasswd -f`
 * obfuscates (the file goes with the session's temp folder when the server stops).
 */

/** How many ports from the first are tried: x0vncserver has no `-autoport`; one that is taken makes it exit. */
export const TIGER_PORT_TRIES = 10;

export function tigerVncOptions(port: string): string[] {
  return ['-display', '"$disp"', '-rfbport', port, '-localhost', '-interface', '127.0.0.1', '-SecurityTypes', 'VncAuth', '-PasswordFile', '"$f"', '-AlwaysShared'];
}

/**
 * Shell lines (run by the share script, with `$srv`, `$disp`, `$pw`, `$f` and `$log` set) that start the server
 * on the first free port from `firstPort`, print `PORT=` once it listens, and leave its pid in `$pid`.
 */
export function tigerVncStart(firstPort: number): string {
  return `printf '%s\\n' "$pw" | vncpasswd -f > "$f" || exit 5
port=${firstPort}; pid=
while [ "$port" -lt ${firstPort + TIGER_PORT_TRIES} ] && [ -z "$pid" ]; do
  "$srv" ${tigerVncOptions('"$port"').join(' ')} </dev/null 2>"$log" &
  pid=$!; i=0
  until grep -q 'Listening for VNC connections' "$log" 2>/dev/null; do
    i=$((i + 1))
    if ! kill -0 "$pid" 2>/dev/null || [ "$i" -gt 150 ]; then kill "$pid" 2>/dev/null; pid=; port=$((port + 1)); break; fi
    sleep 0.1
  done
done
if [ -z "$pid" ]; then echo ATELIER_EXIT=1; tail -n 5 "$log" >&2; rm -rf "$work"; exit 1; fi
echo "PORT=$port"`;
}
