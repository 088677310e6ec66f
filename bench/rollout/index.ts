import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openCore } from '../../electron/core';
import { createLogger } from '../../electron/core/log';
import type { CallInput, CallName, CallOutput } from '../../shared/contract';
import { hlcWallMs } from '../../shared/tickets';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../test/setup/sshd';

// A change rolled out through the app's core to 100 host entries (pointing to two local sshd), a one-second
// command, the canary then 16 hosts at a time. The ideal is ceil(100/16) one-second rounds; the ratio says
// what the rollout adds (the canary's own round, SSH handshakes, events on the ticket). Three rollouts in
// one process, the median reported, each run's line with the load average it met.

const HOSTS = Number(process.env.BENCH_ROLLOUT_HOSTS ?? 100);
const WIDTH = 16;
const SERVERS = 2;
const COMMAND_S = 1;
const LIMIT_MS = 10 * 60_000;
const RUNS = Number(process.env.BENCH_ROLLOUT_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-rollout-'));
const servers: Sshd[] = [];
try {
  for (let i = 0; i < SERVERS; i++) servers.push(await startSshd({ extraConfig: ['MaxStartups 200:30:400', 'MaxSessions 64'] }));
  const key = generateKeyPair(dir, 'client');
  for (const s of servers) s.authorize(key.publicKey);
  const names = Array.from({ length: HOSTS }, (_, i) => `h${String(i + 1).padStart(3, '0')}`);
  const core = openCore({ dataDir: join(dir, 'data'), logger: createLogger({ destination: new Writable({ write: (_chunk, _encoding, done) => done() }), level: 'warn' }) });
  const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;
  try {
    for (const [i, name] of names.entries()) {
      const s = servers[i % SERVERS]!;
      await call('hosts.add', { name, address: s.host, port: s.port, user: s.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
    }
    await call('knownHosts.import', { text: servers.map((s) => `[${s.host}]:${s.port} ${s.hostPublicKey.trim()}`).join('\n') + '\n' });
    await call('settings.update', { technician: 'bench', level: 'N2' });
    // The core's start-up work (installing the built-in checklists, about 1 s of YAML) ends before the first
    // rollout, as in an app open for a while; else it lands in the first canary's time.
    await call('checklists.list', {});
    const record = {
      type: 'normal',
      risk: 'low',
      plan: 'wait one second on each host',
      testPlan: 'exit code 0',
      rollbackPlan: 'nothing to undo',
      hosts: names,
      procedure: { script: `sleep ${COMMAND_S}`, timeoutSeconds: 60 },
    } as const;
    const idealS = Math.ceil(HOSTS / WIDTH) * COMMAND_S;

    /** One rollout of a fresh approved change; its wall time from `changes.rollout` to the job's end. */
    const rolloutOnce = async (run: number): Promise<number> => {
      const change = await call('changes.create', { title: `Bench rollout ${run}`, record });
      await call('changes.approve', { ticketId: change.ticket.id });
      let finished: (state: string) => void = () => undefined;
      const done = new Promise<string>((resolve) => (finished = resolve));
      let jobId = '';
      const stop = core.bus.subscribe((message) => {
        if (message.stream === 'job.progress' && message.payload.jobId === jobId && message.payload.state !== 'running') finished(message.payload.state);
      });
      const t = performance.now();
      const cpu = process.cpuUsage();
      ({ jobId } = await call('changes.rollout', { ticketId: change.ticket.id, waveSize: WIDTH, failureThreshold: 0 }));
      const timer = setTimeout(() => finished('timed out'), LIMIT_MS);
      const state = await done;
      const wallS = (performance.now() - t) / 1000;
      const used = process.cpuUsage(cpu);
      clearTimeout(timer);
      stop();
      const rollout = (await call('tickets.get', { id: change.ticket.id })).ticket.change?.rollouts[0];
      const succeeded = rollout?.results.filter((r) => r.outcome === 'succeeded').length ?? 0;
      if (state !== 'done' || rollout?.outcome !== 'completed' || succeeded !== HOSTS) {
        throw new Error(`the rollout did not complete: job ${state}, outcome ${rollout?.outcome ?? 'none'}, ${succeeded}/${HOSTS} hosts succeeded (${rollout?.reason ?? ''})`);
      }
      const canaryS = (hlcWallMs(rollout.results[0]!.at) - hlcWallMs(rollout.startedAt)) / 1000;
      process.stdout.write(`# run ${run}: wall ${wallS.toFixed(2)} s (ideal ${idealS} s, ratio ${(wallS / idealS).toFixed(2)} x), canary ${canaryS.toFixed(2)} s, app CPU ${((used.user + used.system) / 1e6).toFixed(2)} s, load average ${loadavg()[0]!.toFixed(1)}\n`);
      return wallS;
    };

    process.stdout.write(`# ${HOSTS} hosts, ${SERVERS} sshd, a ${COMMAND_S} s command, the canary then at most ${WIDTH} at once; median of ${RUNS} runs\n`);
    const walls: number[] = [];
    for (let run = 1; run <= RUNS; run++) walls.push(await rolloutOnce(run));
    const wallS = median(walls);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`BENCH rollout.wall ${wallS.toFixed(2)} s\n`);
    process.stdout.write(`BENCH rollout.ideal ${idealS} s\n`);
    process.stdout.write(`BENCH rollout.overhead_ratio ${(wallS / idealS).toFixed(2)} x\n`);
    process.stdout.write(`BENCH rollout.load_average ${loadavg()[0]!.toFixed(1)}\n`);
    process.stdout.write(`BENCH rollout.rss_peak ${rssMb.toFixed(0)} MB\n`);
  } finally {
    core.close();
  }
} finally {
  for (const s of servers) await disposeSshd(s);
  rmSync(dir, { recursive: true, force: true });
}
