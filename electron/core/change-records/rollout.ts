import { randomUUID } from 'node:crypto';
import type { RolloutPreview, RolloutProgress, RolloutSettings } from '../../../shared/contract';
import { AtelierError, parseOrThrow } from '../../../shared/contract';
import { RolloutSettings as SettingsSchema } from '../../../shared/contract/changes';
import { changeCommandFailure, checkParams, failedHostsOf, planWaves, type RolloutVerdict, resolveScript, shellQuote, type HostOutcome, type Procedure, type RolloutPhase } from '../../../shared/changes';
import type { Ticket } from '../../../shared/tickets';
import type { HostStore } from '../hosts';
import type { JobRunner } from '../jobs';
import type { SshService } from '../ssh/service';
import { SshError } from '../ssh/errors';
import type { StreamBus } from '../streams';
import type { ChangeService } from './service';


/** Output kept on the ticket per host and phase: the tail, where errors usually are. */
export const OUTPUT_TAIL_CHARS = 4_000;

export interface RolloutDeps {
  changes: ChangeService;
  hosts: Pick<HostStore, 'find'>;
  ssh: Pick<SshService, 'connect'>;
  jobs: JobRunner;
  bus: StreamBus;
  now?: () => number;
}

interface HostRun {
  outcome: HostOutcome;
  phase: RolloutPhase;
  exitCode: number | null;
  output: string;
  reason: string | null;
}

/**
 * Rolls an approved change's procedure out over SSH: preview, then a canary host, then waves, stopping when
 * failures pass the threshold; Cancel signals the running commands and skips the rest; rollback runs on
 * the failed hosts only. Every host's result is a ticket event, so the story survives a restart and syncs.
 */
export class RolloutEngine {
  constructor(private readonly deps: RolloutDeps) {}

  preview(ticketId: string, ignoreWindow = false): RolloutPreview {
    const ticket = this.deps.changes.change(ticketId);
    const { record } = ticket.change;
    const blocked = this.blockedReason(ticket, ignoreWindow);
    const seen = new Set<string>();
    const hosts = record.hosts.map((host) => {
      const skipped = seen.has(host) ? 'listed twice' : this.deps.hosts.find(host) ? null : 'not in the host book';
      seen.add(host);
      return { host, command: skipped || !record.procedure ? null : commandFor(record.procedure.script, record.procedure, record.params), skipped };
    });
    return { ticketId: ticket.id, hosts, blocked };
  }

  /** Starts the rollout as a job; throws before anything runs when the change may not roll out. */
  start(input: RolloutSettings): { jobId: string; runId: string; result: Promise<RolloutVerdict> } {
    const settings = parseOrThrow(SettingsSchema, input);
    const preview = this.preview(settings.ticketId, settings.ignoreWindow);
    if (preview.blocked) throw new AtelierError('conflict', preview.blocked, 'ticketId');
    const runnable = preview.hosts.filter((h) => h.skipped === null).map((h) => h.host);
    if (runnable.length === 0) throw new AtelierError('invalid_input', 'no host of this change can be reached from the host book', 'record.hosts');
    const runId = randomUUID();
    const { changes } = this.deps;
    changes.append(settings.ticketId, 'rollout_started', { runId, hosts: runnable, waveSize: settings.waveSize, failureThreshold: settings.failureThreshold });
    for (const h of preview.hosts.filter((x) => x.skipped !== null)) {
      this.record(settings.ticketId, runId, h.host, 0, { phase: 'run', outcome: 'skipped', exitCode: null, output: '', reason: h.skipped });
    }
    const procedure = changes.change(settings.ticketId).change.record.procedure as Procedure;
    const params = changes.change(settings.ticketId).change.record.params;
    const { jobId, result } = this.deps.jobs.start('rollout', async (ctx) => {
      const verdict = await planWaves(runnable, settings, ctx.signal, async (host, wave) => {
        const run = await this.runOnHost(settings.ticketId, runId, host, wave, procedure, params, ctx.signal);
        return run.outcome;
      }, (host, wave, reason) => this.record(settings.ticketId, runId, host, wave, { phase: 'run', outcome: 'skipped', exitCode: null, output: '', reason }));
      changes.append(settings.ticketId, 'rollout_ended', { runId, outcome: verdict.outcome, reason: verdict.reason });
      ctx.progress(verdict.done, runnable.length, verdict.reason ?? verdict.outcome);
      return verdict;
    });
    return { jobId, runId, result };
  }

  /** Runs the rollback script on the hosts that failed in that rollout, and only on them. */
  rollback(ticketId: string, runId: string): { jobId: string; runId: string; result: Promise<{ hosts: string[] }> } {
    const ticket = this.deps.changes.change(ticketId);
    const rollout = ticket.change.rollouts.find((r) => r.runId === runId);
    if (!rollout) throw new AtelierError('not_found', `this change has no rollout ${runId}`, 'runId');
    const procedure = ticket.change.record.procedure;
    if (!procedure?.rollback) throw new AtelierError('invalid_input', 'this change has no rollback script', 'record.procedure.rollback');
    const failed = failedHostsOf(rollout.results);
    if (failed.length === 0) throw new AtelierError('conflict', 'no host failed in this rollout: there is nothing to roll back', 'runId');
    const script = procedure.rollback;
    const { jobId, result } = this.deps.jobs.start('rollback', async (ctx) => {
      await Promise.all(failed.map((host) => this.runPhase(ticketId, runId, host, 0, 'rollback', commandFor(script, procedure, ticket.change.record.params), procedure, ctx.signal)));
      return { hosts: failed };
    });
    return { jobId, runId, result };
  }

  private blockedReason(ticket: Ticket & { change: NonNullable<Ticket['change']> }, ignoreWindow: boolean): string | null {
    const { record } = ticket.change;
    const failure = changeCommandFailure(ticket, 'rollout_started', {});
    if (failure) return failure.message;
    if (!record.procedure) return 'this change has no procedure to run';
    const problems = checkParams(record.procedure.params, record.params);
    if (problems.length > 0) return `parameters: ${problems.map((p) => p.message).join('; ')}`;
    if (record.hosts.length === 0) return 'this change names no host';
    if (record.window && !ignoreWindow) {
      const now = (this.deps.now ?? Date.now)();
      if (now < Date.parse(record.window.start) || now > Date.parse(record.window.end)) {
        return `now is outside the maintenance window (${record.window.start} to ${record.window.end})`;
      }
    }
    return null;
  }

  private async runOnHost(ticketId: string, runId: string, host: string, wave: number, procedure: Procedure, params: Record<string, unknown>, signal: AbortSignal): Promise<HostRun> {
    const run = await this.runPhase(ticketId, runId, host, wave, 'run', commandFor(procedure.script, procedure, params), procedure, signal);
    if (run.outcome !== 'succeeded' || !procedure.verify) return run;
    return await this.runPhase(ticketId, runId, host, wave, 'verify', commandFor(procedure.verify, procedure, params), procedure, signal);
  }

  private async runPhase(ticketId: string, runId: string, host: string, wave: number, phase: RolloutPhase, command: string, procedure: Procedure, signal: AbortSignal): Promise<HostRun> {
    this.emit({ ticketId, runId, host, phase, state: 'running', exitCode: null, output: '', wave });
    const result = await this.execute(host, command, procedure.timeoutSeconds * 1000, signal);
    const run = { phase, ...result };
    this.record(ticketId, runId, host, wave, run);
    return run;
  }

  private async execute(host: string, command: string, timeoutMs: number, signal: AbortSignal): Promise<Omit<HostRun, 'phase'>> {
    if (signal.aborted) return { outcome: 'skipped', exitCode: null, output: '', reason: 'the rollout was cancelled before this host ran' };
    let connection;
    try {
      connection = await this.deps.ssh.connect(host, { signal });
    } catch (error) {
      // Unreachable, unknown or changed host key, refused login: the host is skipped with its reason, never silently.
      return { outcome: 'skipped', exitCode: null, output: '', reason: (error as Error).message };
    }
    try {
      const result = await connection.run(command, { timeoutMs, signal, maxOutputBytes: 256 * 1024 });
      const output = tail(`${result.stdout}${result.stderr}`);
      return { outcome: result.exitCode === 0 ? 'succeeded' : 'failed', exitCode: result.exitCode, output, reason: result.exitCode === null ? `stopped by signal ${result.signal ?? 'unknown'}` : null };
    } catch (error) {
      if (error instanceof AtelierError && error.code === 'cancelled') return { outcome: 'cancelled', exitCode: null, output: '', reason: 'cancelled: the command was signalled' };
      return { outcome: 'failed', exitCode: null, output: '', reason: error instanceof SshError || error instanceof Error ? error.message : String(error) };
    } finally {
      await connection.close();
    }
  }

  private record(ticketId: string, runId: string, host: string, wave: number, run: HostRun): void {
    this.deps.changes.append(ticketId, 'rollout_host_recorded', { runId, host, wave, ...run });
    this.emit({ ticketId, runId, host, phase: run.phase, state: run.outcome, exitCode: run.exitCode, output: run.output, wave });
  }

  private emit(progress: RolloutProgress): void {
    this.deps.bus.emit('changes.progress', progress);
  }
}

/** The exact command sent: the parameters exported, then the script, run by sh whatever the login shell. */
export function commandFor(script: string, procedure: Procedure, params: Record<string, unknown>): string {
  return `sh -c ${shellQuote(resolveScript(script, procedure.params, params))}`;
}

function tail(text: string): string {
  return text.length <= OUTPUT_TAIL_CHARS ? text : `…${text.slice(-OUTPUT_TAIL_CHARS)}`;
}
