import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { openCore } from '../../electron/core';
import { createLogger } from '../../electron/core/log';
import type { CallInput, CallName, CallOutput } from '../../shared/contract';
import { hlcWallMs } from '../../shared/tickets';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../test/setup/sshd';

// A change rolled out through the app's core to 100 host entries (pointing to two local sshd), a one-second
// command, 16 hosts at a time after the canary. The ideal is ceil(100/16) one-second rounds; the ratio says
// what the rollout adds (the canary's own round, SSH handshakes, events on the ticket).

const HOSTS = Number(process.env.BENCH_ROLLOUT_HOSTS ?? 100);
const WIDTH = 16;
const SERVERS = 2;
const COMMAND_S = 1;
const LIMIT_MS = 10 * 60_000;

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
    const record = {
      type: 'normal',
      risk: 'low',
      plan: 'wait one second on each host',
      testPlan: 'exit code 0',
      rollbackPlan: 'nothing to undo',
      hosts: names,
      procedure: { script: `sleep ${COMMAND_S}`, timeoutSeconds: 60 },
    } as const;
    const change = await call('changes.create', { title: 'Bench rollout', record });
    await call('changes.approve', { ticketId: change.ticket.id });

    let finished: (state: string) => void = () => undefined;
    const done = new Promise<string>((resolve) => (finished = resolve));
    let jobId = '';
    const stop = core.bus.subscribe((message) => {
      if (message.stream === 'job.progress' && message.payload.jobId === jobId && message.payload.state !== 'running') finished(message.payload.state);
    });
    const t = performance.now();
    const startedMs = Date.now();
    ({ jobId } = await call('changes.rollout', { ticketId: change.ticket.id, waveSize: WIDTH, failureThreshold: 0 }));
    const timer = setTimeout(() => finished('timed out'), LIMIT_MS);
    const state = await done;
    const wallS = (performance.now() - t) / 1000;
    clearTimeout(timer);
    stop();
    const rssMb = process.resourceUsage().maxRSS / 1024;
    const rollout = (await call('tickets.get', { id: change.ticket.id })).ticket.change?.rollouts[0];
    const succeeded = rollout?.results.filter((r) => r.outcome === 'succeeded').length ?? 0;
    if (state !== 'done' || rollout?.outcome !== 'completed' || succeeded !== HOSTS) {
      throw new Error(`the rollout did not complete: job ${state}, outcome ${rollout?.outcome ?? 'none'}, ${succeeded}/${HOSTS} hosts succeeded (${rollout?.reason ?? ''})`);
    }
    const idealS = Math.ceil(HOSTS / WIDTH) * COMMAND_S;
    // Where the time goes: each wave's length, from its last host's result to the previous one's.
    const waveEnds = new Map<number, number>();
    for (const r of rollout.results) waveEnds.set(r.wave, Math.max(waveEnds.get(r.wave) ?? 0, hlcWallMs(r.at)));
    let previous = startedMs;
    const waves = [...waveEnds.entries()].sort(([a], [b]) => a - b).map(([, end]) => {
      const length = (end - previous) / 1000;
      previous = end;
      return length.toFixed(2);
    });
    const [load1] = (await import('node:os')).loadavg();
    process.stdout.write(`# ${HOSTS} hosts, ${SERVERS} sshd, a ${COMMAND_S} s command, canary then waves of ${WIDTH}; load average ${load1!.toFixed(1)}\n`);
    process.stdout.write(`# wave lengths (canary first): ${waves.join(', ')} s\n`);
    process.stdout.write(`BENCH rollout.wall ${wallS.toFixed(2)} s\n`);
    process.stdout.write(`BENCH rollout.ideal ${idealS} s\n`);
    process.stdout.write(`BENCH rollout.overhead_ratio ${(wallS / idealS).toFixed(2)} x\n`);
    process.stdout.write(`BENCH rollout.rss_peak ${rssMb.toFixed(0)} MB\n`);
  } finally {
    core.close();
  }
} finally {
  for (const s of servers) await disposeSshd(s);
  rmSync(dir, { recursive: true, force: true });
}
