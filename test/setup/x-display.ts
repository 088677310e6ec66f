/**
 * A real X session for remote desktop tests: Xvfb on a free display and, when asked, x11vnc bound to
 * 127.0.0.1 on a free port with a password, reached from the app through the test sshd (never directly).
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X11VNC_ENV, X11VNC_SPEED_OPTIONS } from '../../electron/core/desktop/x11vnc';
import { freePort } from './sshd';

export const X_PACKAGES = 'xvfb x11vnc xdotool x11-apps x11-xserver-utils x11-utils xclip';
export const SCREEN = { width: 1024, height: 640 } as const;

export function requireXTools(): void {
  for (const tool of ['Xvfb', 'x11vnc', 'xdotool', 'xsetroot', 'xclip', 'xev', 'xprop']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      throw new Error(`${tool} is missing: the remote desktop tests need it. Install with: apt-get install -y ${X_PACKAGES}`);
    }
  }
}

export interface XDisplay {
  /** `:N` */
  readonly display: string;
  /** Paints the root window one colour (`#rrggbb`). */
  paint(colour: string): void;
  /** Where the display's pointer is, as `xdotool getmouselocation` reads it. */
  pointer(): { x: number; y: number };
  /** Starts an X client (xclock, xeyes, ...) on the display; the returned function stops it. */
  launch(command: string, args: string[]): () => Promise<void>;
  /**
   * The display's cut buffer (CUT_BUFFER0), where x11vnc puts the clipboard text a viewer sends ('' when unset).
   * x11vnc 0.9.16 also means to own PRIMARY and CLIPBOARD then, but under Xvfb it was seen not to, nor to
   * pass on another client's PRIMARY or CLIPBOARD: the cut buffer is the path it carries both ways.
   */
  readCutBuffer(): string;
  /** Puts text in the display's cut buffer, as xterm's selection does: what x11vnc sends viewers as the clipboard. */
  setCutBuffer(text: string): void;
  /**
   * The text of a selection as an application pasting it gets it, '' when no one owns it. Asked as STRING
   * (ISO 8859-1), the only text target x11vnc lists in TARGETS, as GTK and Qt applications then ask.
   */
  readSelection(selection: 'clipboard' | 'primary'): string;
  /**
   * Makes xclip own a selection with this text, served as STRING (ISO 8859-1), as an application does on
   * Ctrl+C (CLIPBOARD) or when text is selected (PRIMARY), for x11vnc which asks for STRING; xclip serves it
   * until another client takes the selection or the display stops.
   */
  ownSelection(selection: 'clipboard' | 'primary', text: string): void;
  /** x11vnc processes currently serving this display (pids), whoever started them. */
  vncPids(): number[];
  /** TigerVNC scraping servers (X0tigervnc, x0vncserver) currently serving this display (pids). */
  tigerPids(): number[];
  /** Waits for x11vnc's accept prompt on the display and answers it as the person there would (y: yes, n: no). */
  answerPrompt(key: 'y' | 'n', timeoutMs?: number): Promise<void>;
  /** Whether x11vnc's accept prompt is on the display now. */
  promptShown(): boolean;
  /**
   * Waits for TigerVNC's accept dialog (x0vncserver `-QueryConnect`) on the display and clicks one of its
   * buttons as the person there would: it takes no keys.
   */
  answerTigerPrompt(answer: 'accept' | 'reject', timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface VncServer {
  readonly port: number;
  readonly password: string;
  readonly pid: number;
  /** Kills the server (a "server died mid-session" scenario). */
  kill(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freeDisplayNumber(): number {
  // Odd high numbers, away from a desktop's :0 and from other workers' picks.
  for (let attempt = 0; attempt < 200; attempt++) {
    const n = 100 + Math.floor(Math.random() * 800);
    if (!existsSync(`/tmp/.X11-unix/X${n}`) && !existsSync(`/tmp/.X${n}-lock`)) return n;
  }
  throw new Error('no free X display number between :100 and :900');
}

async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(50);
  }
  throw new Error(`${what()} within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/**
 * Starts Xvfb on a free display (any local user may draw on it: the test user's x11vnc must reach it).
 * `owner` runs it as that user, as a user's own graphical session is: "Start sharing" looks for those.
 */
export async function startXDisplay(owner?: { uid: number; gid: number }): Promise<XDisplay> {
  requireXTools();
  let n = freeDisplayNumber();
  let child: ChildProcess | undefined;
  let stderr = '';
  for (let attempt = 1; attempt <= 3 && !child; attempt++) {
    const candidate = spawn('Xvfb', [`:${n}`, '-screen', '0', `${SCREEN.width}x${SCREEN.height}x24`, '-nolisten', 'tcp', '-ac'], { stdio: ['ignore', 'ignore', 'pipe'], ...(owner ?? {}) });
    candidate.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    try {
      await waitFor(() => existsSync(`/tmp/.X11-unix/X${n}`) || candidate.exitCode !== null, 10_000, () => `Xvfb :${n} did not start`);
      if (candidate.exitCode !== null) throw new Error(`Xvfb :${n} exited: ${stderr}`);
      child = candidate;
    } catch (error) {
      await stopChild(candidate);
      if (attempt === 3) throw error;
      n = freeDisplayNumber();
    }
  }
  const display = `:${n}`;
  const env = { ...process.env, DISPLAY: display };
  const promptShown = () => spawnSync('xdotool', ['search', '--name', PROMPT_TITLE], { env, stdio: 'ignore' }).status === 0;
  return {
    display,
    paint(colour) {
      execFileSync('xsetroot', ['-solid', colour], { env });
    },
    pointer() {
      const out = execFileSync('xdotool', ['getmouselocation'], { env }).toString();
      const match = /x:(\d+) y:(\d+)/.exec(out);
      if (!match) throw new Error(`xdotool getmouselocation said: ${out}`);
      return { x: Number(match[1]), y: Number(match[2]) };
    },
    readCutBuffer() {
      const out = spawnSync('xprop', ['-root', '-notype', 'CUT_BUFFER0'], { env, timeout: 5000 }).stdout?.toString() ?? '';
      const quoted = /= "((?:[^"\\]|\\.)*)"/.exec(out)?.[1];
      if (quoted === undefined) return '';
      // xprop prints a STRING (ISO 8859-1) with C escapes: \351 is é.
      return quoted.replace(/\\([0-7]{3}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e));
    },
    setCutBuffer(text) {
      const out = spawnSync('xclip', ['-i', '-selection', 'buffer-cut'], { env, input: Buffer.from(text, 'latin1'), stdio: ['pipe', 'ignore', 'pipe'], timeout: 5000 });
      if (out.status !== 0) throw new Error(`xclip could not set the cut buffer of ${display}: ${out.stderr?.toString()}`);
    },
    readSelection(selection) {
      const out = spawnSync('xclip', ['-o', '-selection', selection, '-t', 'STRING'], { env, timeout: 5000 });
      return out.status === 0 ? (out.stdout?.toString('latin1') ?? '') : '';
    },
    ownSelection(selection, text) {
      // xclip forks to serve the selection: no stdout or stderr pipe the forked child would hold open.
      const out = spawnSync('xclip', ['-i', '-selection', selection, '-t', 'STRING'], { env, input: Buffer.from(text, 'latin1'), stdio: ['pipe', 'ignore', 'ignore'], timeout: 5000 });
      if (out.status !== 0) throw new Error(`xclip could not take the ${selection} selection of ${display} (exit ${out.status})`);
    },
    launch(command, args) {
      const client = spawn(command, args, { env, stdio: 'ignore' });
      return () => stopChild(client);
    },
    vncPids() {
      try {
        const out = execFileSync('pgrep', ['-f', `x11vnc.*-display ${display}( |$)`]).toString();
        return out.split(/\s+/).filter(Boolean).map(Number).filter(running);
      } catch {
        return [];
      }
    },
    tigerPids() {
      try {
        const out = execFileSync('pgrep', ['-f', `(X0tigervnc|x0vncserver) -display ${display}( |$)`]).toString();
        return out.split(/\s+/).filter(Boolean).map(Number).filter(running);
      } catch {
        return [];
      }
    },
    promptShown,
    async answerPrompt(key, timeoutMs = 30_000) {
      await waitFor(promptShown, timeoutMs, () => `x11vnc's accept prompt did not show on ${display}`);
      // The prompt grabs the keyboard once it is drawn: a key typed anywhere on the display is its answer. A key
      // sent between the window's mapping and its grab is lost, so type it again while the prompt stays.
      for (let attempt = 1; promptShown(); attempt++) {
        if (attempt > 20) throw new Error(`x11vnc's accept prompt on ${display} did not take the answer "${key}"`);
        // The display has no window manager: a window an earlier test left (xev, a viewer) may hold the focus.
        spawnSync('xdotool', ['search', '--name', PROMPT_TITLE, 'windowfocus'], { env, stdio: 'ignore', timeout: 5000 });
        execFileSync('xdotool', ['key', key], { env });
        await waitFor(() => !promptShown(), 1500, () => 'the prompt to close').catch(() => undefined);
      }
    },
    async answerTigerPrompt(answer, timeoutMs = 30_000) {
      const dialog = () => spawnSync('xdotool', ['search', '--onlyvisible', '--name', TIGER_PROMPT_TITLE], { env, timeout: 5000 }).stdout?.toString().trim().split('\n')[0] || undefined;
      await waitFor(() => dialog() !== undefined, timeoutMs, () => `TigerVNC's accept dialog did not show on ${display}`);
      for (let attempt = 1; ; attempt++) {
        const id = dialog();
        if (!id) return;
        if (attempt > 10) throw new Error(`TigerVNC's accept dialog on ${display} did not take the click on "${answer}"`);
        // Its layout (QueryConnectDialog): "Accept" at the bottom left, "Reject" at the bottom right, 4 px in.
        const geometry = execFileSync('xdotool', ['getwindowgeometry', '--shell', id], { env }).toString();
        const width = Number(/WIDTH=(\d+)/.exec(geometry)?.[1]);
        const height = Number(/HEIGHT=(\d+)/.exec(geometry)?.[1]);
        const x = answer === 'accept' ? 4 + 15 : width - 4 - 15;
        execFileSync('xdotool', ['mousemove', '--window', id, String(x), String(height - 4 - 8), 'click', '1'], { env });
        await waitFor(() => dialog() === undefined, 1500, () => 'the dialog to close').catch(() => undefined);
      }
    },
    async stop() {
      if (child) await stopChild(child);
      // Xvfb removes them on TERM, not when it had to be killed: left behind, they would look like a display.
      for (const file of [`/tmp/.X11-unix/X${n}`, `/tmp/.X${n}-lock`]) rmSync(file, { force: true });
    },
  };
}

/**
 * A host without x11vnc, as sshd shows it to SSH sessions: a folder of links to every command of this machine
 * but x11vnc, and the sshd_config line that makes it their PATH ("Start sharing" then finds x0vncserver).
 */
/**
 * What an X server that crashed or was killed leaves: its socket and its lock file (naming a process that is
 * gone), owned by `owner`, on a display number whose socket a shell's glob lists before `before`'s.
 */
export function staleDisplayBefore(before: XDisplay, owner: { uid: number; gid: number }): { display: string; remove(): void } {
  const name = (n: number) => `X${n}`;
  const n = Array.from({ length: 90 }, (_, i) => 10 + i).find(
    (k) => Buffer.compare(Buffer.from(name(k)), Buffer.from(`X${before.display.slice(1)}`)) < 0 && !existsSync(`/tmp/.X11-unix/${name(k)}`) && !existsSync(`/tmp/.X${k}-lock`),
  );
  if (n === undefined) throw new Error(`no free display number listed before ${before.display}`);
  const socket = `/tmp/.X11-unix/${name(n)}`;
  const lock = `/tmp/.X${n}-lock`;
  // A socket file with nothing listening: bound, and its process gone.
  execFileSync('python3', ['-c', 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])', socket]);
  const gone = spawnSync('true').pid;
  writeFileSync(lock, `${String(gone).padStart(10)}\n`);
  for (const file of [socket, lock]) chownSync(file, owner.uid, owner.gid);
  return {
    display: `:${n}`,
    remove: () => [socket, lock].forEach((file) => rmSync(file, { force: true })),
  };
}

export function pathWithoutX11vnc(): { sshdConfig: string; dispose(): void } {
  const bin = mkdtempSync(join(tmpdir(), 'atelier-no-x11vnc-'));
  chmodSync(bin, 0o755);
  for (const name of readdirSync('/usr/bin')) if (name !== 'x11vnc') symlinkSync(join('/usr/bin', name), join(bin, name));
  return { sshdConfig: `SetEnv PATH=${bin}:/usr/sbin:/sbin`, dispose: () => rmSync(bin, { recursive: true, force: true }) };
}

/** The title of x11vnc's built-in accept popup. */
const PROMPT_TITLE = 'new x11vnc client';
/** The title of TigerVNC's accept dialog. */
const TIGER_PROMPT_TITLE = 'Accept Connection';

/** A process re-parented to a PID 1 that does not reap stays a zombie after it exits: that one has stopped. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function listening(port: number): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('data', () => {
      socket.destroy();
      resolve(true); // the RFB greeting
    });
    socket.once('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * Starts x11vnc on the display, on 127.0.0.1 only, on a free port, with a password, with the options and
 * environment "Start sharing" gives it (`speed` replaces those options, for the bench's comparisons), or
 * with no authentication at all (`password: null`, for the bench's bare RFB probe); it serves viewers until killed.
 * `-noshm`: shared memory across users (root here, the display's owner there) is refused.
 */
export async function startVnc(x: XDisplay, options: { password?: string | null; speed?: readonly string[] } = {}): Promise<VncServer> {
  const password = options.password === undefined ? 'vnc-pw-1' : options.password;
  const dir = mkdtempSync(join(tmpdir(), 'atelier-vnc-'));
  const passFile = join(dir, 'passwd');
  if (password !== null) execFileSync('x11vnc', ['-storepasswd', password, passFile], { stdio: 'ignore' });
  const port = await freePort();
  let log = '';
  const auth = password === null ? [] : ['-rfbauth', passFile];
  const child = spawn('x11vnc', ['-display', x.display, '-localhost', '-rfbport', String(port), ...auth, '-forever', '-shared', '-nopw', ...(options.speed ?? X11VNC_SPEED_OPTIONS), '-quiet', '-noshm'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...X11VNC_ENV },
  });
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-3000)));
  await waitFor(async () => child.exitCode !== null || (await listening(port)), 15_000, () => `x11vnc did not listen on 127.0.0.1:${port}: ${log}`);
  if (child.exitCode !== null) throw new Error(`x11vnc exited with ${child.exitCode}: ${log}`);
  return {
    port,
    password: password ?? '',
    pid: child.pid ?? 0,
    async kill() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
