/**
 * How x11vnc serves a screen: "Start sharing" starts it so, and the tests and `bench/desktop` start theirs
 * from the same lists, so that what is measured is what users get.
 */

/**
 * x11vnc (0.9.9 and later) waits 45 s after the first viewer connects before it creates the window it owns
 * and asks for selections with (8 s once a window manager has run for 2 s), in case a display manager's
 * login screen would kill it. Until then CLIPBOARD and PRIMARY travel neither way, only the cut buffer:
 * "Start sharing" takes a display where the user is logged in already, so that wait only loses clipboards.
 */
export const X11VNC_ENV: Readonly<Record<string, string>> = { X11VNC_AVOID_WINDOWS: 'never' };

/**
 * How soon a change on the screen leaves for the viewer (docs/performance.md, *Remote desktop*). x11vnc's
 * defaults trade that for the workstation's CPU: it polls the screen every 20 ms (`-wait`), holds an update
 * 20 ms more to merge what follows (`-defer`), naps 4 polls long while little changes (`-nonap` stops it) and,
 * after 60 s without a change, sleeps up to 2 s between polls (`-sb 0` stops it: the technician watching a
 * still screen would see the user's next click late). A session lasts minutes, while someone is watching.
 * X DAMAGE (x11vnc's default, kept) tells it where the screen changed, so polling often costs little.
 */
export const X11VNC_SPEED_OPTIONS: readonly string[] = ['-wait', '5', '-defer', '5', '-nonap', '-sb', '0'];

/** The environment assignments of X11VNC_ENV as a shell command prefix. */
export function x11vncEnvPrefix(): string {
  return Object.entries(X11VNC_ENV)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}
