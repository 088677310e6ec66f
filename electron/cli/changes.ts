import type { Command } from 'commander';
import type { RolloutProgress } from '../../shared/contract';
import { dataDirOption } from './options';
import { openCoreAt } from './store';

interface RunOptions {
  wave: string;
  threshold: string;
  ignoreWindow?: boolean;
  dataDir?: string;
}

function count(value: string, what: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${what} is a whole number, not "${value}"`);
  return Number(value);
}

/** One line per host result, as a log reader expects: host, phase, outcome, exit code, reason. */
function line(p: RolloutProgress): string {
  const exit = p.exitCode === null ? '-' : String(p.exitCode);
  const last = p.output.trim().split('\n').at(-1) ?? '';
  const wave = p.phase === 'rollback' ? '-' : String(p.wave);
  return `${p.host}\twave ${wave}\t${p.phase}\t${p.state}\texit ${exit}${last ? `\t${last}` : ''}\n`;
}

/** `atelier changes ...`: run an approved change's rollout headless. */
export function registerChanges(program: Command): void {
  const changes = program.command('changes').description('change records and their rollouts');
  changes
    .command('run <id>')
    .description("roll an approved change out on its hosts (canary, then waves); exits 1 when the rollout stopped")
    .option('--wave <n>', 'hosts at once after the canary (a host starts as soon as another ends)', '5')
    .option('--threshold <n>', 'failures allowed before the rollout stops', '0')
    .option('--ignore-window', 'run outside the maintenance window (emergency)')
    .addOption(dataDirOption())
    .action(async (id: string, opts: RunOptions) => {
      const waveSize = count(opts.wave, '--wave');
      const failureThreshold = count(opts.threshold, '--threshold');
      const core = await openCoreAt(opts.dataDir);
      const stop = core.bus.subscribe((message) => {
        if (message.stream === 'changes.progress' && message.payload.state !== 'running' && message.payload.state !== 'pending') process.stdout.write(line(message.payload));
      });
      // Ctrl-C cancels: running commands are signalled, the hosts not reached are skipped and recorded.
      let jobId: string | null = null;
      const onSigint = () => jobId !== null && core.jobs.cancel(jobId);
      process.on('SIGINT', onSigint);
      try {
        const ticketId = core.tickets.resolveId(id);
        jobId = ((await core.dispatch('changes.rollout', { ticketId, waveSize, failureThreshold, ignoreWindow: opts.ignoreWindow ?? false })) as { jobId: string }).jobId;
        while (core.jobs.list().some((job) => job.jobId === jobId)) await new Promise((r) => setTimeout(r, 100));
        const rollout = core.tickets.store.ticket(ticketId)?.change?.rollouts.at(-1);
        const outcome = rollout?.outcome ?? 'stopped';
        process.stdout.write(`rollout ${outcome}${rollout?.reason ? `: ${rollout.reason}` : ''}\n`);
        if (outcome !== 'completed') throw new Error(`the rollout of ${id} ${outcome === 'cancelled' ? 'was cancelled' : 'stopped'}${rollout?.reason ? `: ${rollout.reason}` : ''}`);
      } finally {
        process.off('SIGINT', onSigint);
        stop();
        core.close();
      }
    });
}
