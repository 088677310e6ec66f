import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import { REPO_ROOT, startServeProcess } from '../../test/setup/serve-process';
import { disposeSshd, generateKeyPair, startSshd } from '../../test/setup/sshd';
import { addTrustedHost, serveCall } from '../../test/setup/terminal-client';
import { startVnc, startXDisplay, type XDisplay } from '../../test/setup/x-display';
import { X11VNC_SPEED_OPTIONS } from '../../electron/core/desktop/x11vnc';
import { startDirectViewer } from './direct';
import { COUNT_SOCKET_BYTES, PROBE_POINT, armColour, bytesIn, framesShown, seenAt } from './probe';
import { openRfbProbe } from './rfb-probe';

// `desktop.update_latency_p95`: from a change of the remote screen (the root window painted a new colour on
// Xvfb) to the first frame where the app's viewer (Chromium, serve mode, noVNC over the contract, the SSH
// direct-tcpip channel, real sshd, x11vnc) shows it; ATELIER_BENCH_DESKTOP_SAMPLES changes per run (40).
// `desktop.fps`: frames in which the viewer's picture changed, per second, while the screen keeps changing
// (a shell loop repainting the root window), over ATELIER_BENCH_DESKTOP_WINDOW_MS (5000); `desktop.bytes_per_s`:
// the bytes the viewer's page received on its WebSockets in that window (the app's stream socket carries little
// else meanwhile), in kB/s.
// `direct.*`: the same, measured in the same run, with noVNC in a blank page connected straight to the same
// x11vnc through a plain local WebSocket-to-TCP bridge (no SSH). Median of ATELIER_BENCH_DESKTOP_RUNS (3)
// alternated runs. Both viewers stay connected to the one x11vnc throughout, so each pays for the other alike.

// `server.*`: x11vnc alone, read by a bare RFB client in Node (bench/desktop/rfb-probe.ts) on a second
// x11vnc without a password, once the viewers have left: what the VNC server costs before any viewer.
// ATELIER_BENCH_X11VNC_OPTIONS (space-separated) replaces the speed options Start sharing gives x11vnc
// (electron/core/desktop/x11vnc.ts), e.g. `-noxdamage` for the options before they were tuned.

const RUNS = Number(process.env.ATELIER_BENCH_DESKTOP_RUNS ?? 3);
const SPEED = process.env.ATELIER_BENCH_X11VNC_OPTIONS?.split(/\s+/).filter(Boolean) ?? X11VNC_SPEED_OPTIONS;
const SAMPLES = Number(process.env.ATELIER_BENCH_DESKTOP_SAMPLES ?? 40);
const WINDOW_MS = Number(process.env.ATELIER_BENCH_DESKTOP_WINDOW_MS ?? 5000);
const HOST = 'bench';
const APP_CANVAS = '[data-testid="desktop-screen"] canvas';
const DIRECT_CANVAS = '#screen canvas';
const TIMEOUT_MS = 30_000;

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'x' ? 3 : 1)} ${unit}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
}

/** A colour per sample, none twice in a row, none the probe could already show. */
const colourOf = (i: number) => `#${(0x20 + ((i * 53) % 0xc0)).toString(16).padStart(2, '0')}${(0x30 + ((i * 29) % 0xb0)).toString(16).padStart(2, '0')}${(0x40 + ((i * 17) % 0xa0)).toString(16).padStart(2, '0')}`;

async function latencies(page: Page, selector: string, screen: XDisplay, run: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const colour = colourOf(run * SAMPLES + i + 1);
    await armColour(page, selector, colour, TIMEOUT_MS);
    screen.paint(colour);
    // xsetroot's change reaches the X server as it exits (its last request is flushed by XCloseDisplay):
    // timed from then, the figure leaves out starting a process on a loaded machine (tens of ms), which is
    // neither the app's nor the VNC server's, and still counts anything the X server does after that.
    const changedAt = performance.timeOrigin + performance.now();
    samples.push((await seenAt(page)) - changedAt);
    await new Promise((r) => setTimeout(r, 60));
  }
  return samples;
}

/** Frames shown per second while a shell loop keeps repainting the screen, and the viewer's bytes per second. */
async function fps(page: Page, selector: string, screen: XDisplay): Promise<{ fps: number; bytesPerS: number }> {
  const painter = spawn('sh', ['-c', "while :; do xsetroot -solid '#203040'; xsetroot -solid '#a05020'; done"], { env: { ...process.env, DISPLAY: screen.display }, stdio: 'ignore', detached: true });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const before = await bytesIn(page);
    const started = performance.now();
    const shown = await framesShown(page, selector, WINDOW_MS);
    const bytesPerS = ((await bytesIn(page)) - before) / ((performance.now() - started) / 1000);
    return { fps: shown, bytesPerS };
  } finally {
    if (painter.pid) process.kill(-painter.pid, 'SIGKILL');
  }
}

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');

/** The same screen changes, read by a bare RFB client straight from an x11vnc of its own (no password). */
async function serverLatencies(screen: XDisplay): Promise<{ p50: number[]; p95: number[] }> {
  const bare = await startVnc(screen, { password: null, speed: SPEED });
  const probe = await openRfbProbe(bare.port, PROBE_POINT);
  const result = { p50: [] as number[], p95: [] as number[] };
  try {
    for (let run = 0; run < RUNS; run++) {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const colour = colourOf(1000 + run * SAMPLES + i);
        screen.paint(colour);
        const changedAt = performance.now();
        samples.push((await probe.waitForColour(colour, TIMEOUT_MS)) - changedAt);
        await new Promise((r) => setTimeout(r, 60));
      }
      result.p50.push(percentile(samples, 0.5));
      result.p95.push(percentile(samples, 0.95));
    }
  } finally {
    probe.close();
    await bare.kill();
  }
  return result;
}

async function main(): Promise<void> {
  const loadAtStart = load();
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli.js'))) throw new Error('bench desktop: serve mode runs the built app (dist/cli.js): run `npm run build` first');
  execFileSync('sh', ['-c', 'command -v xsetroot Xvfb x11vnc'], { stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-desktop-'));
  const sshd = await startSshd();
  const screen = await startXDisplay();
  const vnc = await startVnc(screen, { speed: SPEED });
  const app = await startServeProcess();
  const direct = await startDirectViewer(vnc.port, vnc.password);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
  try {
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    await addTrustedHost(app, HOST, sshd, key.privateKeyFile);
    await serveCall(app, 'desktop.setSettings', { name: HOST, settings: { port: vnc.port, consent: false } });
    screen.paint('#000000');

    const ours = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    await ours.addInitScript(COUNT_SOCKET_BYTES);
    ours.setDefaultTimeout(TIMEOUT_MS);
    await ours.goto(app.url);
    await ours.goto(`${app.origin}/#/hosts/${HOST}/desktop`);
    await ours.getByRole('button', { name: 'Connect to the VNC server' }).click();
    await ours.getByLabel('VNC password').fill(vnc.password);
    await ours.keyboard.press('Enter');
    await ours.getByTestId('desktop-mode').waitFor();
    await ours.locator(APP_CANVAS).waitFor();

    const theirs = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    await theirs.addInitScript(COUNT_SOCKET_BYTES);
    theirs.setDefaultTimeout(TIMEOUT_MS);
    await theirs.goto(direct.url);
    await theirs.waitForFunction('window.deskReady === true');

    const p95 = { app: [] as number[], direct: [] as number[] };
    const p50 = { app: [] as number[], direct: [] as number[] };
    const rate = { app: [] as number[], direct: [] as number[] };
    const bytes = { app: [] as number[], direct: [] as number[] };
    // One warm-up round each, not counted: first frames pay for code still being compiled.
    await latencies(ours, APP_CANVAS, screen, 99);
    await latencies(theirs, DIRECT_CANVAS, screen, 98);
    for (let run = 0; run < RUNS; run++) {
      for (const [side, page, selector] of [
        ['app', ours, APP_CANVAS],
        ['direct', theirs, DIRECT_CANVAS],
      ] as const) {
        const samples = await latencies(page, selector, screen, run * 2 + (side === 'app' ? 0 : 1));
        p95[side].push(percentile(samples, 0.95));
        p50[side].push(percentile(samples, 0.5));
        const changing = await fps(page, selector, screen);
        rate[side].push(changing.fps);
        bytes[side].push(changing.bytesPerS / 1000);
      }
    }
    await ours.close();
    await theirs.close();
    const server = await serverLatencies(screen);
    const list = (values: number[]) => values.map((v) => v.toFixed(1)).join(', ');
    process.stdout.write(
      `# ${RUNS} runs of ${SAMPLES} screen changes and ${WINDOW_MS} ms of continuous change, ${screen.display} ${1024}x${640}; load average at start ${loadAtStart}, at end ${load()}\n` +
        `# app (SSH channel): p50 ${list(p50.app)} ms, p95 ${list(p95.app)} ms, ${list(rate.app)} fps, ${list(bytes.app)} kB/s\n` +
        `# direct (WebSocket bridge): p50 ${list(p50.direct)} ms, p95 ${list(p95.direct)} ms, ${list(rate.direct)} fps, ${list(bytes.direct)} kB/s\n` +
        `# server (x11vnc alone, RFB client in Node): p50 ${list(server.p50)} ms, p95 ${list(server.p95)} ms; x11vnc options: ${SPEED.join(' ')}\n`,
    );
    print('desktop.update_latency_p50', median(p50.app), 'ms');
    print('desktop.update_latency_p95', median(p95.app), 'ms');
    print('direct.update_latency_p50', median(p50.direct), 'ms');
    print('direct.update_latency_p95', median(p95.direct), 'ms');
    print('server.update_latency_p50', median(server.p50), 'ms');
    print('server.update_latency_p95', median(server.p95), 'ms');
    print('desktop.fps', median(rate.app), 'fps');
    print('direct.fps', median(rate.direct), 'fps');
    print('desktop.fps_ratio_vs_direct', median(rate.app) / median(rate.direct), 'x');
    print('desktop.bytes_per_s', median(bytes.app), 'kB/s');
    print('direct.bytes_per_s', median(bytes.direct), 'kB/s');
  } finally {
    await browser.close();
    await direct.close();
    await app.stop();
    await vnc.kill();
    await screen.stop();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench desktop: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
