import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open';
import { HostStore } from '../../electron/core/hosts';
import { KnownHostsStore, SshService } from '../../electron/core/ssh';
import { REPO_ROOT, startServeProcess, type ServeProcess } from '../../test/setup/serve-process';
import { disposeSshd, generateKeyPair, startSshd, type KeyPair, type Sshd } from '../../test/setup/sshd';
import { addTrustedHost } from '../../test/setup/terminal-client';
import { browserDrawn, type RunCost, type StreamShape } from './browser';
import { floodCtrlC } from './flood';
import { atelierStream, opensshStream } from './stream';

// `ssh.exec_throughput`: a remote `head -c N /dev/zero` read through the core's runCommand (output
// streamed to a sink that discards it), connection setup included. `openssh.exec_throughput`: OpenSSH's
// client, same sshd, same command, stdout to /dev/null, forced to the cipher ssh2 negotiates
// (aes128-gcm) so both sides do the same work. Best of ATELIER_BENCH_SSH_RUNS (default 3) alternated runs.
// `ssh.keystroke_echo_p95`: one byte written to a PTY shell until its echo comes back, core side.
// ATELIER_BENCH_SSH_BYTES overrides the 1 GiB size for quick runs.
// `ssh.stream_ratio_vs_openssh` (stream.ts) and `terminal.flood_ctrl_c_ms` (flood.ts) run the built app in
// serve mode as a child process (`npm run build` first): ATELIER_BENCH_STREAM_BYTES (default 256 MiB),
// ATELIER_BENCH_FLOOD_RUNS (default 5). `terminal.browser_drawn_mb_s_*` (browser.ts): the same kind of
// stream drawn by xterm in Chromium, beside xterm alone in a blank page; ATELIER_BENCH_DRAWN_BYTES (default
// 20 MB), median of ATELIER_BENCH_SSH_RUNS. ATELIER_BENCH_SSH_PARTS=exec,stream,flood,browser picks parts
// (default all).

const BYTES = Number(process.env.ATELIER_BENCH_SSH_BYTES ?? 1024 * 1024 * 1024);
const RUNS = Number(process.env.ATELIER_BENCH_SSH_RUNS ?? 3);
const STREAM_BYTES = Number(process.env.ATELIER_BENCH_STREAM_BYTES ?? 256 * 1024 * 1024);
const FLOOD_RUNS = Number(process.env.ATELIER_BENCH_FLOOD_RUNS ?? 5);
const FLOOD_MS = 2000;
const DRAWN_BYTES = Number(process.env.ATELIER_BENCH_DRAWN_BYTES ?? 20_000_000);
const ALL_PARTS = ['exec', 'stream', 'flood', 'browser'];
const PARTS = new Set((process.env.ATELIER_BENCH_SSH_PARTS ?? ALL_PARTS.join(',')).split(',').map((part) => part.trim()));
const unknownParts = [...PARTS].filter((part) => !ALL_PARTS.includes(part));
if (unknownParts.length > 0) throw new Error(`ATELIER_BENCH_SSH_PARTS: unknown part(s) ${unknownParts.join(', ')} (have: ${ALL_PARTS.join(', ')})`);
const KEYSTROKES = 300;
const MB = 1024 * 1024;

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'ratio' ? 3 : 2)} ${unit}\n`);
}

/** Echo latency and exec throughput through the core's SshService, in this process. */
async function benchExec(sshd: Sshd, key: KeyPair, dir: string, knownHostsFile: string): Promise<void> {
  const db = openDatabase(join(dir, 'atelier.db'));
  const hosts = new HostStore(db);
  const knownHosts = new KnownHostsStore(db);
  hosts.add({ name: 'bench', address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } });
  knownHosts.trust(sshd.host, sshd.port, Buffer.from(sshd.hostPublicKey.split(/\s+/)[1] ?? '', 'base64'));
  const service = new SshService({ hosts, knownHosts });
  const command = `head -c ${BYTES} /dev/zero`;

  const ours = async (): Promise<number> => {
    let received = 0;
    const t = performance.now();
    const result = await service.runCommand('bench', command, { timeoutMs: 600_000, sink: (chunk) => (received += chunk.length) });
    const seconds = (performance.now() - t) / 1000;
    if (result.exitCode !== 0 || received !== BYTES) throw new Error(`ssh2 run: exit ${result.exitCode}, ${received} bytes`);
    return BYTES / MB / seconds;
  };
  const openssh = async (): Promise<number> => {
    const devNull = openSync('/dev/null', 'w');
    const t = performance.now();
    const child = spawn(
      'ssh',
      [
        '-q', '-i', key.privateKeyFile, '-p', String(sshd.port), '-c', 'aes128-gcm@openssh.com',
        '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHostsFile}`, '-o', 'IdentitiesOnly=yes',
        `${sshd.user}@${sshd.host}`, command,
      ],
      { stdio: ['ignore', devNull, 'inherit'] },
    );
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    const seconds = (performance.now() - t) / 1000;
    closeSync(devNull);
    if (code !== 0) throw new Error(`OpenSSH client exited with ${code}`);
    return BYTES / MB / seconds;
  };

  // Echo first: interactive latency measured on a quiet process, as a technician types.
  const connection = await service.connect('bench');
  const shell = await connection.openShell({ cols: 200, rows: 50 });
  let pending: ((at: number) => void) | undefined;
  shell.output.on('data', () => pending?.(performance.now()));
  const settle = () => new Promise((r) => setTimeout(r, 300));
  await settle(); // prompt and motd
  const samples: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    // Ctrl-U every 100 keys keeps the line short; its output is not timed.
    if (i % 100 === 0) {
      shell.write('\x15');
      await new Promise((r) => setTimeout(r, 20));
    }
    const echoed = new Promise<number>((resolve) => (pending = resolve));
    const t = performance.now();
    shell.write('a');
    const at = await Promise.race([echoed, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 2000))]);
    pending = undefined;
    if (Number.isNaN(at)) throw new Error('no echo within 2 s');
    samples.push(at - t);
  }
  samples.sort((a, b) => a - b);
  print('ssh.keystroke_echo_p95', samples[Math.floor(samples.length * 0.95)] ?? Number.NaN, 'ms');
  shell.close();
  await connection.close();
  let best = 0;
  let bestOpenssh = 0;
  for (let i = 0; i < RUNS; i++) {
    best = Math.max(best, await ours());
    bestOpenssh = Math.max(bestOpenssh, await openssh());
  }
  process.stdout.write(`# ${(BYTES / MB).toFixed(0)} MiB per run, best of ${RUNS}\n`);
  print('ssh.exec_throughput', best, 'MB/s');
  print('openssh.exec_throughput', bestOpenssh, 'MB/s');
  print('ssh.throughput_ratio_vs_openssh', best / bestOpenssh, 'ratio');

  db.close();
}

/** Runs `body` against the built app in serve mode with the bench sshd added as host `bench`. */
async function withServe(sshd: Sshd, key: KeyPair, body: (app: ServeProcess) => Promise<void>): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'cli.js'))) throw new Error('bench ssh: serve mode runs the built app (dist/cli.js): run `npm run build` first');
  const app = await startServeProcess();
  try {
    await addTrustedHost(app, 'bench', sshd, key.privateKeyFile);
    await body(app);
  } finally {
    await app.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-ssh-'));
  const sshd = await startSshd();
  try {
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    const knownHostsFile = join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n`);
    if (PARTS.has('exec')) await benchExec(sshd, key, dir, knownHostsFile);

    if (PARTS.has('stream')) {
      await withServe(sshd, key, async (app) => {
        const options = { app, host: 'bench', sshd, privateKeyFile: key.privateKeyFile, knownHostsFile, bytes: STREAM_BYTES, timeoutMs: 300_000 };
        let best = 0;
        let bestOpenssh = 0;
        for (let i = 0; i < RUNS; i++) {
          best = Math.max(best, await atelierStream(options));
          bestOpenssh = Math.max(bestOpenssh, await opensshStream(options));
        }
        process.stdout.write(`# stream: ${(STREAM_BYTES / MB).toFixed(0)} MiB as base64 through a PTY, best of ${RUNS}\n`);
        print('ssh.stream_throughput', best, 'MB/s');
        print('openssh.pty_throughput', bestOpenssh, 'MB/s');
        print('ssh.stream_ratio_vs_openssh', best / bestOpenssh, 'ratio');
      });
    }

    if (PARTS.has('flood')) {
      await withServe(sshd, key, async (app) => {
        const result = await floodCtrlC({ app, host: 'bench', runs: FLOOD_RUNS, floodMs: FLOOD_MS });
        const sorted = [...result.samplesMs].sort((a, b) => a - b);
        process.stdout.write(
          `# flood: ${FLOOD_RUNS} runs of \`yes\` for ${FLOOD_MS} ms, renderer ${result.renderer}; Ctrl-C to screen stopped (ms): ${sorted.map((v) => v.toFixed(0)).join(', ')}\n` +
            `# core RSS before the floods ${result.baseRssMb.toFixed(0)} MB\n`,
        );
        print('terminal.flood_ctrl_c_ms', median(result.samplesMs), 'ms');
        print('terminal.flood_ctrl_c_max_ms', sorted[sorted.length - 1] ?? Number.NaN, 'ms');
        print('terminal.flood_core_rss_mb', result.peakRssMb, 'MB');
      });
    }

    if (PARTS.has('browser')) {
      await withServe(sshd, key, async (app) => {
        const result = await browserDrawn({ app, host: 'bench', bytes: DRAWN_BYTES, runs: RUNS, timeoutMs: 300_000 });
        const mbs = (seconds: number[]) => DRAWN_BYTES / MB / median(seconds);
        const list = (seconds: number[]) => seconds.map((s) => s.toFixed(2)).join(', ');
        process.stdout.write(
          `# browser: ${(DRAWN_BYTES / MB).toFixed(1)} MiB of printable text drawn in Chromium (${result.renderer} renderer, ${result.cols}x${result.rows}), median of ${RUNS}; load average ${loadavg().map((v) => v.toFixed(2)).join(' ')}\n` +
            '# app: driven over a bare DevTools pipe; devtools: the same page under Playwright (Network domain on); xterm alone: a blank page\n',
        );
        const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
        const cost = (costs: RunCost[]) => {
          const of = (pick: (c: RunCost) => number) => median(costs.map(pick));
          return `main thread busy ${percent(of((c) => c.busy))} (script ${percent(of((c) => c.script))}, layout ${percent(of((c) => c.layout))}, style ${percent(of((c) => c.style))}), browser ${of((c) => c.browserCpuPerMib).toFixed(3)} CPU-s/MiB`;
        };
        for (const shape of ['newlines', 'no_newlines'] as StreamShape[]) {
          const { app: ours, devtools, baseline } = result.seconds;
          process.stdout.write(`# ${shape}: app ${list(ours[shape])} s; devtools ${list(devtools[shape])} s (${mbs(devtools[shape]).toFixed(2)} MB/s); xterm alone ${list(baseline[shape])} s\n`);
          for (const kind of ['app', 'devtools', 'baseline'] as const) {
            const core = kind === 'baseline' ? '' : `, core ${median(result.cost[kind][shape].map((c) => c.coreCpuPerMib)).toFixed(3)} CPU-s/MiB`;
            process.stdout.write(`# ${shape}, ${kind} medians: ${cost(result.cost[kind][shape])}${core}\n`);
          }
          print(`terminal.browser_drawn_mb_s_${shape}`, mbs(ours[shape]), 'MB/s');
          print(`xterm.drawn_mb_s_${shape}`, mbs(baseline[shape]), 'MB/s');
          print(`terminal.browser_drawn_ratio_vs_xterm_${shape}`, median(baseline[shape]) / median(ours[shape]), 'ratio');
        }
      });
    }
  } finally {
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
