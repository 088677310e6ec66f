import { randomUUID } from 'node:crypto';
import type { RolloutPreview, RolloutProgress, RolloutSettings } from '../../../shared/contract';
import { AtelierError, parseOrThrow } from '../../../shared/contract';
import { RolloutSettings as SettingsSchema } from '../../../shared/contract/changes';
import { changeCommandFailure, checkParams, choosesHosts, describeChecklistProcedure, resolveTargets, failedHostsOf, planWaves, procedureLanguage, type RolloutVerdict, resolveScript, shellQuote, type HostOutcome, type Procedure, type RolloutPhase } from '../../../shared/changes';
import type { ChecklistDocument } from '../../../shared/checklists';
import type { Ticket } from '../../../shared/tickets';
import type { HostStore } from '../hosts';
import type { JobRunner } from '../jobs';
import type { SshConnection } from '../ssh/connection';
import { powershellCommand, WINDOWS_COMMAND_LINE_MAX } from '../ssh/powershell';
import type { SshService } from '../ssh/service';
import { SshError } from '../ssh/errors';
import type { StreamBus } from '../streams';
import { CancelFanout, HostLinks } from './host-links';
import type { ChangeService } from './service';
import { loadChecklistProcedure, runChecklistUnattended, type ChecklistSource } from './unattended';


/** Output kept on the ticket per host and phase: the tail, where errors usually are. */
export const OUTPUT_TAIL_CHARS = 4_000;
/** Output read per host and step, attached whole to the change; past it the command is stopped. */
export const OUTPUT_KEPT_BYTES = 1024 * 1024;

export interface RolloutDeps {
  changes: ChangeService;
  hosts: Pick<HostStore, 'list'>;
  ssh: Pick<SshService, 'connect'>;
  /** The checklists a checklist procedure names. */
  checklists: ChecklistSource;
  jobs: JobRunner;
  bus: StreamBus;
  /** Stores a file on the ticket (content-addressed blob + `attachment_added`): the hosts' whole outputs. */
  attach: (ticketId: string, file: { name: string; mime: string; data: Uint8Array }) => { hash: string; name: string };
  now?: () => number;
}

interface HostRun {
  outcome: HostOutcome;
  phase: RolloutPhase;
  exitCode: number | null;
  output: string;
  reason: string | null;
  attachment?: { hash: string; name: string };
}

/** A command's whole output, before it is cut to its tail for the event. */
interface FullOutput {
  stdout: string;
  stderr: string;
  truncated: boolean;
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
    const targets = resolveTargets(record, this.deps.hosts.list(), procedureLanguage(record.procedure));
    const hosts = targets.hosts.map(({ host, via, skipped }) => ({ host, via, skipped, command: skipped || !record.procedure ? null : procedureCommand(record.procedure, record.params) }));
    return { ticketId: ticket.id, hosts, unmatched: targets.unmatched, blocked };
  }

  /** Starts the rollout as a job; throws before anything runs when the change may not roll out. */
  start(input: RolloutSettings): { jobId: string; runId: string; result: Promise<RolloutVerdict> } {
    const settings = parseOrThrow(SettingsSchema, input);
    const preview = this.preview(settings.ticketId, settings.ignoreWindow);
    if (preview.blocked) throw new AtelierError('conflict', preview.blocked, 'ticketId');
    const runnable = preview.hosts.filter((h) => h.skipped === null).map((h) => h.host);
    if (runnable.length === 0) throw new AtelierError('invalid_input', 'no host chosen by this change can run it: see the preview for why', 'record.hosts');
    const { changes } = this.deps;
    const { procedure: planned, params } = changes.change(settings.ticketId).change.record;
    const procedure = planned as Procedure;
    const checklist = this.checklistOf(procedure);
    const runId = randomUUID();
    changes.append(settings.ticketId, 'rollout_started', { runId, hosts: runnable, waveSize: settings.waveSize, failureThreshold: settings.failureThreshold });
    for (const h of preview.hosts.filter((x) => x.skipped !== null)) {
      this.record(settings.ticketId, runId, h.host, 0, { phase: 'run', outcome: 'skipped', exitCode: null, output: '', reason: h.skipped });
    }
    const { jobId, result } = this.deps.jobs.start('rollout', async (ctx) => {
      const fanout = new CancelFanout(ctx.signal);
      const links = new HostLinks((host, options) => this.deps.ssh.connect(host, options), fanout, { paced: true });
      let verdict: RolloutVerdict;
      try {
        verdict = await planWaves(
          runnable,
          settings,
          ctx.signal,
          async (host, wave) => (await this.runOnHost(settings.ticketId, runId, host, wave, procedure, params, checklist, links)).outcome,
          (host, wave, reason) => this.record(settings.ticketId, runId, host, wave, { phase: 'run', outcome: 'skipped', exitCode: null, output: '', reason }),
          (host) => links.prepare(host),
        );
      } finally {
        await links.closeAll();
        fanout.dispose();
      }
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
      const fanout = new CancelFanout(ctx.signal);
      const links = new HostLinks((host, options) => this.deps.ssh.connect(host, options), fanout);
      const command = commandFor(script, procedure, ticket.change.record.params);
      try {
        await Promise.all(failed.map((host) => this.onHost(ticketId, runId, host, 0, links, (connection, signal) => this.runPhase(ticketId, runId, host, 0, 'rollback', command, procedure, connection, signal))));
      } finally {
        await links.closeAll();
        fanout.dispose();
      }
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
    const tooLong = commandLineProblem(record.procedure, record.params);
    if (tooLong) return tooLong;
    if (record.procedure.checklist) {
      const loaded = loadChecklistProcedure(this.deps.checklists, record.procedure.checklist);
      if ('problem' in loaded) return loaded.problem;
    }
    if (!choosesHosts(record)) return 'this change chooses no host (by name, tag or site)';
    if (record.window && !ignoreWindow) {
      const now = (this.deps.now ?? Date.now)();
      if (now < Date.parse(record.window.start) || now > Date.parse(record.window.end)) {
        return `now is outside the maintenance window (${record.window.start} to ${record.window.end})`;
      }
    }
    return null;
  }

  /** The checklist a checklist procedure runs (checked by the preview's gate before the rollout starts). */
  private checklistOf(procedure: Procedure): ChecklistDocument | null {
    if (!procedure.checklist) return null;
    const loaded = loadChecklistProcedure(this.deps.checklists, procedure.checklist);
    if ('problem' in loaded) throw new AtelierError('invalid_input', loaded.problem, loaded.path);
    return loaded.doc;
  }

  private async runOnHost(ticketId: string, runId: string, host: string, wave: number, procedure: Procedure, params: Record<string, unknown>, checklist: ChecklistDocument | null, links: HostLinks): Promise<HostRun> {
    return await this.onHost(ticketId, runId, host, wave, links, async (connection, signal) => {
      const run =
        checklist && procedure.checklist
          ? await this.runChecklist(ticketId, runId, host, wave, checklist, procedure, connection, signal)
          : await this.runPhase(ticketId, runId, host, wave, 'run', commandFor(procedure.script ?? '', procedure, params), procedure, connection, signal, () => links.started());
      if (run.outcome !== 'succeeded' || !procedure.verify) return run;
      return await this.runPhase(ticketId, runId, host, wave, 'verify', commandFor(procedure.verify, procedure, params), procedure, connection, signal);
    });
  }

  /** Waits for the host's connection (opened ahead), runs `work` over it, then closes it; a host that cannot be reached is skipped with why. */
  private async onHost(ticketId: string, runId: string, host: string, wave: number, links: HostLinks, work: (connection: SshConnection, signal: AbortSignal) => Promise<HostRun>): Promise<HostRun> {
    const link = links.take(host);
    let connection: SshConnection;
    try {
      connection = await link.connection;
      // Opened ahead of its turn: it may have dropped while the hosts before it ran.
      if (!connection.isOpen) connection = await this.deps.ssh.connect(host, { signal: link.signal });
    } catch (error) {
      link.release();
      // Unreachable, unknown or changed host key, refused login: the host is skipped with its reason, never silently.
      const cancelled = error instanceof AtelierError && error.code === 'cancelled';
      const run: HostRun = { phase: 'run', outcome: 'skipped', exitCode: null, output: '', reason: cancelled ? 'the rollout was cancelled before this host ran' : (error as Error).message };
      this.record(ticketId, runId, host, wave, run);
      return run;
    }
    try {
      return await work(connection, link.signal);
    } finally {
      link.release();
      links.retire(connection);
    }
  }

  private async runPhase(ticketId: string, runId: string, host: string, wave: number, phase: RolloutPhase, command: string, procedure: Procedure, connection: SshConnection, signal: AbortSignal, onStarted?: () => void): Promise<HostRun> {
    this.emit({ ticketId, runId, host, phase, state: 'running', exitCode: null, output: '', wave });
    const { full, ...result } = await execute(connection, command, { timeoutMs: procedure.timeoutSeconds * 1000, signal, ...(onStarted ? { onStarted } : {}) });
    const run: HostRun = { phase, ...result };
    if (full && (full.stdout || full.stderr)) run.attachment = this.deps.attach(ticketId, { name: outputFileName(host, phase, runId), mime: 'text/plain', data: Buffer.from(outputFileText(full)) });
    this.record(ticketId, runId, host, wave, run);
    return run;
  }

  /** A checklist run unattended on the host: its result, transcript and raw probe outputs land like a script's. */
  private async runChecklist(ticketId: string, runId: string, host: string, wave: number, doc: ChecklistDocument, procedure: Procedure, connection: SshConnection, signal: AbortSignal): Promise<HostRun> {
    if (signal.aborted) return this.recorded(ticketId, runId, host, wave, { phase: 'run', outcome: 'skipped', exitCode: null, output: '', reason: 'the rollout was cancelled before this host ran' });
    this.emit({ ticketId, runId, host, phase: 'run', state: 'running', exitCode: null, output: '', wave });
    const result = await runChecklistUnattended(doc, procedure.checklist!, connection, { signal, timeoutMs: procedure.timeoutSeconds * 1000 });
    const run: HostRun = { phase: 'run', outcome: result.outcome, exitCode: null, output: tail(result.transcript), reason: result.reason };
    run.attachment = this.deps.attach(ticketId, { name: outputFileName(host, 'run', runId), mime: 'text/plain', data: Buffer.from(result.full) });
    return this.recorded(ticketId, runId, host, wave, run);
  }

  private recorded(ticketId: string, runId: string, host: string, wave: number, run: HostRun): HostRun {
    this.record(ticketId, runId, host, wave, run);
    return run;
  }

  private record(ticketId: string, runId: string, host: string, wave: number, run: HostRun): void {
    this.deps.changes.append(ticketId, 'rollout_host_recorded', { runId, host, wave, ...run });
    this.emit({ ticketId, runId, host, phase: run.phase, state: run.outcome, exitCode: run.exitCode, output: run.output, wave });
  }

  private emit(progress: RolloutProgress): void {
    this.deps.bus.emit('changes.progress', progress);
  }
}

async function execute(connection: SshConnection, command: string, options: { timeoutMs: number; signal: AbortSignal; onStarted?: () => void }): Promise<Omit<HostRun, 'phase'> & { full?: FullOutput }> {
  const { signal } = options;
  if (signal.aborted) return { outcome: 'skipped', exitCode: null, output: '', reason: 'the rollout was cancelled before this host ran' };
  try {
    const result = await connection.run(command, { ...options, maxOutputBytes: OUTPUT_KEPT_BYTES });
    const output = tail(`${result.stdout}${result.stderr}`);
    const full = { stdout: result.stdout, stderr: result.stderr, truncated: result.truncated };
    return { outcome: result.exitCode === 0 ? 'succeeded' : 'failed', exitCode: result.exitCode, output, reason: result.exitCode === null ? `stopped by signal ${result.signal ?? 'unknown'}` : null, full };
  } catch (error) {
    if (error instanceof AtelierError && error.code === 'cancelled') return { outcome: 'cancelled', exitCode: null, output: '', reason: 'cancelled: the command was signalled' };
    return { outcome: 'failed', exitCode: null, output: '', reason: error instanceof SshError || error instanceof Error ? error.message : String(error) };
  }
}

/** What the preview shows a host will get: the exact command, or the checklist run unattended. */
function procedureCommand(procedure: Procedure, params: Record<string, unknown>): string {
  return procedure.checklist ? describeChecklistProcedure(procedure.checklist) : commandFor(procedure.script ?? '', procedure, params);
}

/**
 * The exact command sent: the parameters as environment variables, then the script; run by sh whatever the
 * login shell, or by PowerShell (encoded, so cmd.exe sees no quote) for a PowerShell procedure.
 */
export function commandFor(script: string, procedure: Procedure, params: Record<string, unknown>): string {
  const resolved = resolveScript(script, procedure.params, params, procedure.shell);
  return procedure.shell === 'powershell' ? powershellCommand(resolved) : `sh -c ${shellQuote(resolved)}`;
}

/** Why a PowerShell procedure cannot be sent (its encoded command is longer than a Windows command line), or null. */
function commandLineProblem(procedure: Procedure, params: Record<string, unknown>): string | null {
  if (procedure.shell !== 'powershell') return null;
  for (const [what, script] of [['script', procedure.script], ['verification', procedure.verify], ['rollback script', procedure.rollback]] as const) {
    const length = script ? commandFor(script, procedure, params).length : 0;
    if (length > WINDOWS_COMMAND_LINE_MAX) {
      return `the PowerShell ${what} makes a command of ${length.toLocaleString('en')} characters once encoded: a Windows command line holds ${WINDOWS_COMMAND_LINE_MAX.toLocaleString('en')}; shorten it or its parameters`;
    }
  }
  return null;
}

/** One file per host and step of a rollout, named so a list of attachments reads like the results table. */
export function outputFileName(host: string, phase: RolloutPhase, runId: string): string {
  return `${host.replace(/[^A-Za-z0-9._-]/g, '_')}-${phase}-${runId.slice(0, 8)}.log`;
}

function outputFileText(full: FullOutput): string {
  const parts = [full.stdout];
  if (full.stderr) parts.push(`${full.stdout && !full.stdout.endsWith('\n') ? '\n' : ''}--- stderr ---\n${full.stderr}`);
  if (full.truncated) parts.push(`\n--- cut at ${OUTPUT_KEPT_BYTES / 1024} KiB: the command was stopped there ---\n`);
  return parts.join('');
}

function tail(text: string): string {
  return text.length <= OUTPUT_TAIL_CHARS ? text : `…${text.slice(-OUTPUT_TAIL_CHARS)}`;
}
