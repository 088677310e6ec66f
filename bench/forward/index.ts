import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2, { type Client, type ClientChannel } from 'ssh2';
import { askForNoDelay } from '../../electron/core/ssh/nodelay';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../test/setup/sshd';

// `forward.round_trip_*`: a request of 10 bytes answered in three small writes 1 ms apart (a VNC server's
// screen update: message header, rectangle header, pixels), timed until the whole answer is back. Three
// paths to one local server, in the same run: `direct` (plain TCP), `ssh_forward_only` (a direct-tcpip
// channel on an SSH connection that only forwards, as jump hosts, tunnels and remote desktops were) and
// `ssh_after_ask` (the same after askForNoDelay, electron/core/ssh/nodelay.ts). Each path has its own
// connection; ATELIER_BENCH_FORWARD_ROUNDS (default 100) round trips each, 20 ms apart, median and p95 over
// ATELIER_BENCH_FORWARD_RUNS (default 3) alternated runs.

const ROUNDS = Number(process.env.ATELIER_BENCH_FORWARD_ROUNDS ?? 100);
const RUNS = Number(process.env.ATELIER_BENCH_FORWARD_RUNS ?? 3);
const ANSWER = [4, 12, 300];
const ANSWER_BYTES = ANSWER.reduce((a, b) => a + b, 0);
const TIMEOUT_MS = 5000;

type Duplex = Socket | ClientChannel;

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'x' ? 3 : 1)} ${unit}\n`);
}

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? Number.NaN;
const median = (values: number[]) => percentile(values, 0.5);

/** A server that, like libvncserver, turns Nagle off on its side and answers in several writes. */
async function startAnswerer(): Promise<{ port: number; close(): void }> {
  const server = createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('data', () => {
      let delay = 0;
      for (const size of ANSWER) setTimeout(() => socket.writable && socket.write(Buffer.alloc(size)), delay++);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

async function roundTrips(stream: Duplex): Promise<number[]> {
  const times: number[] = [];
  let pending = 0;
  let done: () => void = () => undefined;
  stream.on('data', (chunk: Buffer) => {
    pending -= chunk.length;
    if (pending <= 0) done();
  });
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
      done = () => {
        clearTimeout(timer);
        resolve();
      };
      pending = ANSWER_BYTES;
      stream.write(Buffer.alloc(10));
    });
    times.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}

async function sshClient(sshd: Sshd, privateKey: string): Promise<Client> {
  const client = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: sshd.host, port: sshd.port, username: sshd.user, privateKey, hostVerifier: () => true });
  });
  return client;
}

function forward(client: Client, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => client.forwardOut('127.0.0.1', 0, '127.0.0.1', port, (error, channel) => (error ? reject(error) : resolve(channel))));
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-forward-'));
  const sshd = await startSshd();
  const key = generateKeyPair(dir);
  sshd.authorize(key.publicKey);
  const answerer = await startAnswerer();
  const paths: Record<string, () => Promise<{ stream: Duplex; close(): void }>> = {
    direct: async () => {
      const socket = connect(answerer.port, '127.0.0.1');
      socket.setNoDelay(true);
      await new Promise((resolve) => socket.once('connect', resolve));
      return { stream: socket, close: () => socket.destroy() };
    },
    ssh_forward_only: async () => {
      const client = await sshClient(sshd, key.privateKey);
      return { stream: await forward(client, answerer.port), close: () => client.end() };
    },
    ssh_after_ask: async () => {
      const client = await sshClient(sshd, key.privateKey);
      askForNoDelay(client);
      const channel = await forward(client, answerer.port);
      await new Promise((r) => setTimeout(r, 200)); // the empty command has ended; its effect stays
      return { stream: channel, close: () => client.end() };
    },
  };
  const samples: Record<string, number[][]> = Object.fromEntries(Object.keys(paths).map((name) => [name, []]));
  try {
    for (let run = 0; run < RUNS; run++) {
      for (const [name, open] of Object.entries(paths)) {
        const path = await open();
        try {
          samples[name]!.push(await roundTrips(path.stream));
        } finally {
          path.close();
        }
      }
    }
  } finally {
    answerer.close();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  }
  const p50 = (name: string) => median(samples[name]!.map(median));
  for (const name of Object.keys(paths)) {
    print(`forward.round_trip_p50_${name}`, p50(name), 'ms');
    print(`forward.round_trip_p95_${name}`, median(samples[name]!.map((s) => percentile(s, 0.95))), 'ms');
  }
  print('forward.ask_speedup', p50('ssh_forward_only') / p50('ssh_after_ask'), 'x');
  process.stdout.write(`# ${ROUNDS} round trips x ${RUNS} runs per path, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench forward: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
