import { z } from 'zod';
import { UnavailableCode, UnavailableParams } from './unavailable';
import { probeNext, ProbeResult, type ChecklistDocument, type ConclusionStep, type Step } from './schema';

/**
 * A run of a checklist is an append-only list of records (each one a ticket event): replaying them over
 * the exact document version gives the path so far and the current step. Going back appends a `back`
 * record rather than deleting history, so an interrupted or synced run replays identically.
 */

const FieldValue = z.union([z.number(), z.string(), z.boolean(), z.array(z.string()), z.null()]);
export const RecordedReading = z.union([
  z.object({ available: z.literal(true) }).catchall(FieldValue),
  z.object({ available: z.literal(false), reason: z.string(), code: UnavailableCode.optional(), params: UnavailableParams.optional() }).strict(),
]);

export const ProbeOutcome = z.union([ProbeResult, z.literal('unavailable')]);
export type ProbeOutcome = z.infer<typeof ProbeOutcome>;

export const SkipVia = z.union([z.number().int().nonnegative(), z.enum(['done', 'failed', 'pass', 'warn', 'fail', 'unavailable'])]);

export const RecordedStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer'), stepId: z.string(), answer: z.number().int().nonnegative() }).strict(),
  z.object({ kind: z.literal('instruction'), stepId: z.string(), outcome: z.enum(['done', 'failed']) }).strict(),
  z
    .object({
      kind: z.literal('probe'),
      stepId: z.string(),
      reading: RecordedReading,
      result: ProbeOutcome,
      /** The probe's raw output, kept for the record (bounded by the probe runner). */
      raw: z.string().optional(),
      target: z.string().optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('skipped'),
      stepId: z.string(),
      reason: z.string().trim().min(1, 'a skip needs a reason'),
      /** Which branch to follow: an answer index for a question; defaults: instruction `done`, probe `unavailable`. */
      via: SkipVia.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('back') }).strict(),
]);
export type RecordedStep = z.infer<typeof RecordedStep>;
type StepRecord = Exclude<RecordedStep, { kind: 'back' }>;

export interface Visit {
  readonly step: Step;
  readonly record: StepRecord;
  readonly next: string;
}

export interface RunState {
  /** The steps answered so far, in order, after going back where asked. */
  readonly path: readonly Visit[];
  /** The step to show now: the conclusion once the run is finished. */
  readonly current: Step;
  readonly conclusion: ConclusionStep | undefined;
}

export class RunError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(`record ${index}: ${message}`);
    this.name = 'RunError';
  }
}

function stepOf(doc: ChecklistDocument, id: string): Step | undefined {
  return doc.steps.find((s) => s.id === id);
}

/** Where a record leads from its step; throws a message when the record does not fit the step. */
export function nextStepId(step: Step, record: StepRecord): string {
  if (record.kind === 'skipped') return skipTarget(step, record.via);
  switch (step.kind) {
    case 'question': {
      if (record.kind !== 'answer') throw new Error(`step ${step.id} is a question: expected an answer, got ${record.kind}`);
      const answer = step.answers[record.answer];
      if (!answer) throw new Error(`step ${step.id} has no answer ${record.answer}`);
      return answer.next;
    }
    case 'instruction':
      if (record.kind !== 'instruction') throw new Error(`step ${step.id} is an instruction: expected done or failed, got ${record.kind}`);
      return step.next[record.outcome];
    case 'probe':
      if (record.kind !== 'probe') throw new Error(`step ${step.id} is a probe: expected a probe result, got ${record.kind}`);
      return probeNext(step, record.result);
    case 'conclusion':
      throw new Error(`step ${step.id} is a conclusion: the run is finished`);
  }
}

function skipTarget(step: Step, via: z.infer<typeof SkipVia> | undefined): string {
  switch (step.kind) {
    case 'question': {
      if (typeof via !== 'number') throw new Error(`skipping question ${step.id} needs the answer index to follow (via)`);
      const answer = step.answers[via];
      if (!answer) throw new Error(`step ${step.id} has no answer ${via}`);
      return answer.next;
    }
    case 'instruction':
      if (via !== undefined && via !== 'done' && via !== 'failed') throw new Error(`skipping instruction ${step.id} follows done or failed`);
      return step.next[via ?? 'done'];
    case 'probe':
      if (via !== undefined && typeof via === 'number') throw new Error(`skipping probe ${step.id} follows pass, warn, fail or unavailable`);
      if (via === 'done' || via === 'failed') throw new Error(`skipping probe ${step.id} follows pass, warn, fail or unavailable`);
      return probeNext(step, via ?? 'unavailable');
    case 'conclusion':
      throw new Error(`step ${step.id} is a conclusion: nothing to skip`);
  }
}

/** Replays records over the document. Throws RunError naming the first record that does not fit. */
export function replay(doc: ChecklistDocument, records: readonly RecordedStep[]): RunState {
  const start = stepOf(doc, doc.start);
  if (!start) throw new RunError(`start step "${doc.start}" does not exist`, 0);
  const path: Visit[] = [];
  let current: Step = start;
  records.forEach((record, index) => {
    if (record.kind === 'back') {
      const last = path.pop();
      if (!last) throw new RunError('nothing to go back to', index);
      current = last.step;
      return;
    }
    if (record.stepId !== current.id) throw new RunError(`recorded for step "${record.stepId}" but the current step is "${current.id}"`, index);
    let nextId: string;
    try {
      nextId = nextStepId(current, record);
    } catch (error) {
      throw new RunError((error as Error).message, index);
    }
    const next = stepOf(doc, nextId);
    if (!next) throw new RunError(`step "${nextId}" does not exist`, index);
    path.push({ step: current, record, next: nextId });
    current = next;
  });
  return { path, current, conclusion: current.kind === 'conclusion' ? current : undefined };
}

export function currentStep(doc: ChecklistDocument, records: readonly RecordedStep[]): Step {
  return replay(doc, records).current;
}

/** Appends a record after checking it fits the current step; returns the new list. */
export function record(doc: ChecklistDocument, records: readonly RecordedStep[], next: RecordedStep): RecordedStep[] {
  const out = [...records, RecordedStep.parse(next)];
  replay(doc, out);
  return out;
}

export function canGoBack(doc: ChecklistDocument, records: readonly RecordedStep[]): boolean {
  return replay(doc, records).path.length > 0;
}

/** Goes back one step by appending a `back` record (history is kept). */
export function back(doc: ChecklistDocument, records: readonly RecordedStep[]): RecordedStep[] {
  if (!canGoBack(doc, records)) throw new RunError('nothing to go back to', records.length);
  return [...records, { kind: 'back' }];
}
