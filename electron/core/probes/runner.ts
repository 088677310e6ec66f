import { AtelierError, parseOrThrow } from '../../../shared/contract/errors';
import { evaluateRules, probeDeclaration, readingSchema, unavailableReading, type ProbeStep, type Reading, type RecordedStep } from '../../../shared/checklists';
import { formatPath } from '../../../shared/contract/errors';
import { probeImpls } from './registry';
import { runLocalCommand } from './shell';
import type { CommandOutput, ProbeTarget } from './types';

const MAX_RAW = 64 * 1024;

/** One probe execution, kept whole for the record. */
export interface ProbeRun {
  readonly probe: string;
  readonly args: Record<string, unknown>;
  readonly target: 'local' | 'remote';
  readonly targetLabel?: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly reading: Reading;
  /** Raw output (command, stdout, stderr, exit code, or the library's data), capped at 64 KiB. */
  readonly raw: string;
}

export interface RunProbeOptions {
  signal?: AbortSignal;
  /** Overrides the probe's declared time limit. */
  timeoutMs?: number;
}

class ProbeTimeout extends Error {}

/**
 * Runs a probe on this machine or, through `run`, on a remote Linux host. Arguments are checked against
 * the declaration (invalid_input otherwise). A probe that cannot measure, or runs out of time, gives
 * `available: false` with the reason; cancellation through `signal` throws `cancelled`.
 */
export async function runProbe(name: string, rawArgs: unknown, target: ProbeTarget = { target: 'local' }, options: RunProbeOptions = {}): Promise<ProbeRun> {
  const declaration = probeDeclaration(name);
  const impl = probeImpls.get(name);
  if (!declaration || !impl) throw new AtelierError('not_found', `unknown probe "${name}"`, 'probe');
  const args = parseOrThrow(declaration.args, rawArgs ?? {}, 'args') as Record<string, unknown>;
  const timeoutMs = options.timeoutMs ?? declaration.timeoutMs;
  if (options.signal?.aborted) throw new AtelierError('cancelled', `${name} was cancelled`);

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ProbeTimeout(`timed out after ${Math.round(timeoutMs / 100) / 10} s`)), timeoutMs);
  const onCancel = () => controller.abort(new AtelierError('cancelled', `${name} was cancelled`));
  options.signal?.addEventListener('abort', onCancel, { once: true });
  const signal = controller.signal;
  const startedAt = new Date();
  const began = performance.now();

  let reading: Reading;
  let raw: string;
  try {
    const outcome = await raceAbort(execute(), signal);
    reading = outcome.reading;
    raw = outcome.raw;
  } catch (error) {
    if (options.signal?.aborted) throw new AtelierError('cancelled', `${name} was cancelled`);
    const timedOut = signal.reason instanceof ProbeTimeout;
    reading = timedOut ? unavailableReading('timed_out', { seconds: Math.round(timeoutMs / 100) / 10 }) : unavailableReading('probe_failed', { probe: name, detail: error instanceof Error ? error.message : String(error) });
    raw = String(error);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
  return {
    probe: name,
    args,
    target: target.target,
    ...(target.target === 'remote' && target.label ? { targetLabel: target.label } : {}),
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(performance.now() - began),
    reading: complete(name, reading),
    raw: raw.length > MAX_RAW ? `${raw.slice(0, MAX_RAW)}\n[... ${raw.length - MAX_RAW} more characters cut]` : raw,
  };

  async function execute(): Promise<{ reading: Reading; raw: string }> {
    const script = impl!.linux(args);
    if (target.target === 'remote') {
      const output = await target.run(script, { signal, timeoutMs });
      return { reading: impl!.parse(output, args), raw: formatRaw(script, output) };
    }
    const local = impl!.local ? await impl!.local(args, { signal, timeoutMs }) : null;
    if (local) return local;
    if (process.platform !== 'linux') return { reading: unavailableReading('unsupported_platform', { platform: process.platform }), raw: '' };
    const output = await runLocalCommand(script, { signal, timeoutMs });
    return { reading: impl!.parse(output, args), raw: formatRaw(script, output) };
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function formatRaw(script: string, output: CommandOutput): string {
  return `$ ${script}\n--- stdout\n${output.stdout}\n--- stderr\n${output.stderr}\n--- exit ${output.exitCode}`;
}

/** Fills undeclared-but-missing fields with null and checks the declared shape; a bad shape is a bug, said so. */
function complete(name: string, reading: Reading): Reading {
  const declaration = probeDeclaration(name)!;
  let full: Reading = reading;
  if (reading.available) {
    const filled: Record<string, unknown> = { available: true };
    for (const field of Object.keys(declaration.reading)) filled[field] = reading[field] ?? null;
    full = filled as Reading;
  }
  const checked = readingSchema(declaration.reading).safeParse(full);
  if (checked.success) return checked.data;
  const issue = checked.error.issues[0];
  return unavailableReading('invalid_reading', { probe: name, detail: `${formatPath(issue?.path ?? [])}: ${issue?.message}` });
}

/** Runs a checklist's probe step and returns the record to append to the run. */
export async function runProbeStep(step: ProbeStep, target: ProbeTarget = { target: 'local' }, options: RunProbeOptions = {}): Promise<{ run: ProbeRun; record: RecordedStep }> {
  const run = await runProbe(step.probe, step.args, target, options);
  const record: RecordedStep = {
    kind: 'probe',
    stepId: step.id,
    reading: run.reading as Extract<RecordedStep, { kind: 'probe' }>['reading'],
    result: evaluateRules(step.rules, run.reading),
    raw: run.raw,
    target: run.targetLabel ?? run.target,
  };
  return { run, record };
}
