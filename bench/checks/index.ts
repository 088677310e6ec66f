import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openCore } from '../../electron/core';
import { parsePlanText } from '../../electron/core/checks';
import { DEFAULT_CHANNELS_PER_HOST } from '../../electron/core/checks/runner';
import { createLogger } from '../../electron/core/log';
import { probeImpls } from '../../electron/core/probes';
import { probeDeclaration } from '../../shared/checklists';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../test/setup/sshd';

// One full round of 200 host entries (pointing to a few local sshd) x 8 probes, through the app's runner
// (one SSH connection per host, its probes on a few channels at once, 8 hosts at a time); then the same probe
// scripts with OpenSSH's client as the baseline, shaped the same: one ControlMaster connection per host entry,
// the probes as sessions multiplexed over it as many at once, 8 hosts at a time.

const HOSTS = Number(process.env.BENCH_CHECKS_HOSTS ?? 200);
const SERVERS = 2;
const WIDTH = 8;
/** Probes at once on one host's connection (the runner's default unless set, e.g. 1 to compare). */
const CHANNELS = process.env.BENCH_CHECKS_CHANNELS ? Number(process.env.BENCH_CHECKS_CHANNELS) : undefined;
/** BENCH_CHECKS_OPENSSH=0 leaves the baseline out: quick comparisons of the app's own round. */
const OPENSSH = process.env.BENCH_CHECKS_OPENSSH !== '0';

const PROBES: [string, Record<string, unknown>][] = [
  ['disk.free', { mount: '/' }],
  ['memory.pressure', {}],
  ['os.uptime', {}],
  ['os.pending_reboot', {}],
  ['cpu.load', { sample_ms: 100 }],
  ['disk.io_errors', { since_hours: 24 }],
  ['memory.errors', { since_hours: 24 }],
  ['log.grep', { source: '/etc/os-release', pattern: 'ERROR' }],
];

function planYaml(): string {
  const checks = PROBES.map(
    ([probe, args], i) => `  - id: c${i}
    title: { fr: C${i}, en: C${i} }
    probe: ${probe}
    args: ${JSON.stringify(args)}
    every: 1h
`,
  ).join('');
  return `id: bench\nversion: 1\ntitle: { fr: Banc, en: Bench }\nchecks:\n${checks}`;
}

async function pool<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

function ssh(args: string[], input?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn('ssh', args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'ignore', 'ignore'] });
    if (input !== undefined) child.stdin!.end(input);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? -1));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-checks-'));
const servers: Sshd[] = [];
try {
  for (let i = 0; i < SERVERS; i++) servers.push(await startSshd({ extraConfig: ['MaxStartups 200:30:400', 'MaxSessions 64'] }));
  const key = generateKeyPair(dir, 'client');
  for (const s of servers) s.authorize(key.publicKey);
  const names = Array.from({ length: HOSTS }, (_, i) => `h${String(i + 1).padStart(3, '0')}`);
  const serverOf = (i: number) => servers[i % SERVERS]!;
  const knownHosts = servers.map((s) => `[${s.host}]:${s.port} ${s.hostPublicKey.trim()}`).join('\n') + '\n';

  // Atelier: the runner over the app's core, every check of the plan on every host.
  const core = openCore({ dataDir: join(dir, 'data'), logger: createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }), level: 'warn' }) });
  for (const [i, name] of names.entries()) {
    const s = serverOf(i);
    await core.dispatch('hosts.add', { name, address: s.host, port: s.port, user: s.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
  }
  await core.dispatch('knownHosts.import', { text: knownHosts });
  const loaded = parsePlanText(planYaml(), 'bench.yaml');
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  const loadBefore = loadavg();
  let t = performance.now();
  const cpu = process.cpuUsage();
  const round = await core.checks.runnerAt(Date.now, { concurrency: WIDTH, ...(CHANNELS ? { channelsPerHost: CHANNELS } : {}) }).round(loaded.plan, { all: true });
  const atelierS = (performance.now() - t) / 1000;
  // The app's own CPU for the round (ssh2's crypto, the store, the runner): what is left of the wall time is
  // the servers' side (sshd, the probes' shells) and waiting for a core on a shared machine.
  const used = process.cpuUsage(cpu);
  const cpuS = (used.user + used.system) / 1e6;
  const loadAtRound = loadavg();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const unreachable = round.readings.filter((r) => r.status === 'unreachable').length;
  const measured = round.readings.filter((r) => r.checkId !== 'host.reachable').length;
  // A faster round that measures less is no gain: probes that could not measure are counted and shown.
  const notAvailable = round.readings.filter((r) => r.status === 'unavailable').length;
  core.close();
  if (unreachable > 0) throw new Error(`${unreachable} host(s) unreachable in the Atelier round`);

  process.stdout.write(`# ${HOSTS} hosts x ${PROBES.length} probes, ${measured} readings (${notAvailable} not available), ${WIDTH} hosts at a time, ${SERVERS} sshd\n`);
  process.stdout.write(`BENCH checks.round_${HOSTS}_hosts ${atelierS.toFixed(1)} s\n`);
  process.stdout.write(`# the app's CPU during its round: ${cpuS.toFixed(1)} s; load average before it ${loadBefore.map((l) => l.toFixed(1)).join(' ')}, after it ${loadAtRound.map((l) => l.toFixed(1)).join(' ')}\n`);
  process.stdout.write(`BENCH checks.rss_peak ${rssMb.toFixed(0)} MB\n`);
  if (OPENSSH) {
    // OpenSSH baseline: the same scripts, one master connection per host entry.
    const knownFile = join(dir, 'known_hosts');
    writeFileSync(knownFile, knownHosts);
    const scripts = PROBES.map(([probe, args]) => probeImpls.get(probe)!.linux(probeDeclaration(probe)!.args.parse(args)));
    const common = (i: number) => {
      const s = serverOf(i);
      return ['-i', key.privateKeyFile, '-p', String(s.port), '-o', `UserKnownHostsFile=${knownFile}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes',
        '-o', 'ControlMaster=auto', '-o', `ControlPath=${join(dir, `cm-${i}`)}`, '-o', 'ControlPersist=60', `${s.user}@${s.host}`];
    };
    t = performance.now();
    let failures = 0;
    await pool(names.map((_, i) => i), WIDTH, async (i) => {
      // The master first (it goes to the background once connected), then the sessions over it.
      if ((await ssh(['-f', '-N', '-o', 'ControlMaster=yes', ...common(i)])) !== 0) failures++;
      // A remote command is one string; the script goes on stdin to sh so its quoting stays intact.
      await pool(scripts, CHANNELS ?? DEFAULT_CHANNELS_PER_HOST, async (script) => {
        if ((await ssh([...common(i), 'sh', '-s'], script)) !== 0) failures++;
      });
    });
    const opensshS = (performance.now() - t) / 1000;
    await pool(names.map((_, i) => i), WIDTH, async (i) => void (await ssh([...common(i).slice(0, -1), '-O', 'exit', common(i).at(-1)!])));
    if (failures > 0) process.stderr.write(`bench checks: ${failures} OpenSSH command(s) exited non-zero\n`);

    process.stdout.write(`# OpenSSH's round: load average after it ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    process.stdout.write(`BENCH checks.openssh_controlmaster ${opensshS.toFixed(1)} s\n`);
    process.stdout.write(`BENCH checks.ratio_vs_openssh ${(atelierS / opensshS).toFixed(2)} x\n`);
  }
} finally {
  for (const s of servers) await disposeSshd(s);
  rmSync(dir, { recursive: true, force: true });
}
