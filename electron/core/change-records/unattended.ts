import type { ChecklistDocument, LocalizedText, RecordedStep, Step } from '../../../shared/checklists';
import { advanceUnattended, checklistProcedureProblems, MAX_UNATTENDED_STEPS, type ChecklistProcedure } from '../../../shared/changes';
import { AtelierError } from '../../../shared/contract';
import { readingText } from '../checklists/runs';
import { runProbeStep, type ProbeTarget } from '../probes';
import type { SshConnection } from '../ssh/connection';

/** Where the rollout finds the checklist a procedure names (the device's checklist store). */
export interface ChecklistSource {
  get(id: string, version?: number): ChecklistDocument;
}

export interface UnattendedResult {
  outcome: 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  reason: string | null;
  /** One line per step: the answers the procedure gave, each probe's result and reading, the conclusion. */
  transcript: string;
  /** The transcript with each probe's script and raw output: the file attached to the change. */
  full: string;
}

/**
 * The checklist a procedure names, checked against it; or why it cannot run here (a checklist this device
 * does not hold, answers to steps it does not have...), as one sentence naming where.
 */
export function loadChecklistProcedure(source: ChecklistSource, plan: ChecklistProcedure): { doc: ChecklistDocument } | { problem: string; path: string } {
  let doc: ChecklistDocument;
  try {
    doc = source.get(plan.id, plan.version);
  } catch (error) {
    if (!(error instanceof AtelierError && error.code === 'not_found')) throw error;
    return { problem: `this device does not hold the checklist ${plan.id} version ${plan.version}: import or publish it first`, path: 'record.procedure.checklist.id' };
  }
  const problems = checklistProcedureProblems(doc, plan);
  if (problems.length > 0) return { problem: problems.map((p) => p.message).join('; '), path: `record.${problems[0]!.path}` };
  return { doc };
}

const short = (text: string, max = 160) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const words = (text: LocalizedText | undefined) => (text ? `"${short(text.en.replace(/\s+/g, ' '))}"` : '');

/** A line for an answer the procedure gave in place of a person. */
function answerLine(step: Step, record: RecordedStep): string {
  if (step.kind === 'question' && record.kind === 'answer') return `${step.id} — question ${words(step.text)}: answered ${words(step.answers[record.answer]?.label)} (the procedure's answer)`;
  if (step.kind === 'instruction' && record.kind === 'instruction') return `${step.id} — instruction ${words(step.text)}: ${record.outcome} (the procedure's answer)`;
  return `${step.id} — ${record.kind}`;
}

/**
 * Runs a checklist on one host over its SSH connection, with nobody at the screen: each probe step runs
 * its probe there, each question or instruction takes the procedure's answer, and one without an answer
 * stops the host as "needs a human" (skipped with why). The verdict is the conclusion reached.
 * `timeoutMs` bounds the whole walk; the rollout's cancel (`signal`) stops the probe running.
 */
export async function runChecklistUnattended(
  doc: ChecklistDocument,
  plan: ChecklistProcedure,
  connection: SshConnection,
  options: { signal: AbortSignal; timeoutMs: number },
): Promise<UnattendedResult> {
  const host = connection.host.name;
  const lines = [`checklist ${doc.id} v${doc.version} ${words(doc.title)}, unattended on ${host}`];
  const full: string[] = [...lines];
  const say = (line: string, raw?: string) => {
    lines.push(line);
    full.push(line, ...(raw ? [raw.replace(/^/gm, '    ')] : []));
  };
  const end = (outcome: UnattendedResult['outcome'], reason: string | null): UnattendedResult => ({ outcome, reason, transcript: `${lines.join('\n')}\n`, full: `${full.join('\n')}\n` });

  const limit = new AbortController();
  const timer = setTimeout(() => limit.abort(new AtelierError('cancelled', 'out of time')), options.timeoutMs);
  const onCancel = () => limit.abort(options.signal.reason);
  options.signal.addEventListener('abort', onCancel, { once: true });
  const target: ProbeTarget = {
    target: 'remote',
    label: host,
    run: (command, o) => connection.run(command, { ...(o?.signal ? { signal: o.signal } : {}), ...(o?.timeoutMs ? { timeoutMs: o.timeoutMs } : {}) }),
  };
  try {
    let records: RecordedStep[] = [];
    // Each turn records at least one step, and advanceUnattended stops at MAX_UNATTENDED_STEPS.
    for (let turn = 0; turn <= MAX_UNATTENDED_STEPS; turn++) {
      if (options.signal.aborted) return end('cancelled', 'cancelled: the rollout was cancelled while the checklist ran');
      const advanced = advanceUnattended(doc, plan, records);
      for (const record of advanced.records.slice(records.length)) {
        const step = doc.steps.find((s) => record.kind !== 'back' && s.id === record.stepId);
        if (step) say(answerLine(step, record));
      }
      records = advanced.records;
      const next = advanced.next;
      switch (next.kind) {
        case 'needs_human':
        case 'too_long':
          say(`stopped: ${next.reason}`);
          return end('skipped', next.reason);
        case 'concluded': {
          const { conclusion, succeeded } = next;
          const escalates = conclusion.escalate === 'none' ? '' : `, escalates to ${conclusion.escalate}`;
          say(`conclusion ${conclusion.id}: ${conclusion.diagnosis.en} (${succeeded ? 'success' : 'failure'}${escalates})`);
          return end(succeeded ? 'succeeded' : 'failed', succeeded ? null : `the checklist concluded "${conclusion.id}": ${conclusion.diagnosis.en}`);
        }
        case 'probe': {
          let outcome: Awaited<ReturnType<typeof runProbeStep>>;
          try {
            outcome = await runProbeStep(next.step, target, { signal: limit.signal });
          } catch (error) {
            if (!(error instanceof AtelierError && error.code === 'cancelled')) throw error;
            if (options.signal.aborted) return end('cancelled', 'cancelled: the probe running was stopped');
            const reason = `the checklist took longer than the procedure's ${Math.round(options.timeoutMs / 1000)} s`;
            say(`stopped at ${next.step.id}: ${reason}`);
            return end('failed', reason);
          }
          const record = outcome.record as Extract<RecordedStep, { kind: 'probe' }>;
          say(`${next.step.id} — probe ${next.step.probe}: ${record.result} (${readingText(record.reading)})`, outcome.run.raw);
          records = [...records, record];
          break;
        }
      }
    }
    return end('skipped', 'needs a human: the checklist did not reach a conclusion');
  } finally {
    clearTimeout(timer);
    options.signal.removeEventListener('abort', onCancel);
  }
}
