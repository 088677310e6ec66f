import { z } from 'zod';
import { hint } from '../validation/text';
import { LocalizedText } from './text';

/** The checklist file format. The names are part of the product (teams keep checklists in git). */

export const CHECKLIST_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const STEP_ID = /^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/;

export const StepId = z.string().regex(STEP_ID, hint('hintStepId'));
export const OsFamily = z.enum(['linux', 'windows', 'macos']);
export type OsFamily = z.infer<typeof OsFamily>;
export const EscalationLevel = z.enum(['none', 'N2', 'N3']);
export type EscalationLevel = z.infer<typeof EscalationLevel>;
export const ProbeResult = z.enum(['pass', 'warn', 'fail']);
export type ProbeResult = z.infer<typeof ProbeResult>;
export const RuleOp = z.enum(['<', '<=', '>', '>=', '==', '!=', 'in', 'contains']);
export type RuleOp = z.infer<typeof RuleOp>;

const Scalar = z.union([z.number(), z.string(), z.boolean()]);
export const RuleValue = z.union([Scalar, z.array(Scalar)]);
export type RuleValue = z.infer<typeof RuleValue>;

export const Condition = z
  .object({ field: z.string().min(1), op: RuleOp, value: RuleValue })
  .strict();
export type Condition = z.infer<typeof Condition>;

export const Rule = z.object({ when: Condition, result: ProbeResult }).strict();
export type Rule = z.infer<typeof Rule>;

const common = {
  id: StepId,
  /** Optional longer explanation shown under the step. */
  help: LocalizedText.optional(),
};

export const Answer = z
  .object({
    label: LocalizedText,
    next: StepId,
  })
  .strict();
export type Answer = z.infer<typeof Answer>;

export const QuestionStep = z
  .object({
    ...common,
    kind: z.literal('question'),
    text: LocalizedText,
    answers: z.array(Answer).min(2, hint('hintTwoAnswers')),
  })
  .strict();
export type QuestionStep = z.infer<typeof QuestionStep>;

export const InstructionStep = z
  .object({
    ...common,
    kind: z.literal('instruction'),
    text: LocalizedText,
    next: z.object({ done: StepId, failed: StepId }).strict(),
  })
  .strict();
export type InstructionStep = z.infer<typeof InstructionStep>;

export const ProbeStep = z
  .object({
    ...common,
    kind: z.literal('probe'),
    /** What the probe checks, in words, shown while it runs. */
    text: LocalizedText.optional(),
    probe: z.string().min(1),
    args: z.record(z.string(), z.unknown()).default({}),
    /** First match wins; no match = pass. */
    rules: z.array(Rule).default([]),
    /**
     * `warn` is needed only when a rule can give warn. `unavailable` is taken when the probe cannot answer
     * (tool missing, no sensor, timeout, skipped); without it the run follows `warn`, else `fail`: a check
     * that could not be made is never taken as passed.
     */
    next: z
      .object({ pass: StepId, warn: StepId.optional(), fail: StepId, unavailable: StepId.optional() })
      .strict(),
  })
  .strict();
export type ProbeStep = z.infer<typeof ProbeStep>;

export const ConclusionStep = z
  .object({
    ...common,
    kind: z.literal('conclusion'),
    diagnosis: LocalizedText,
    resolution: LocalizedText,
    escalate: EscalationLevel,
    /** Why to escalate, given with the escalation; required when `escalate` is not `none`. */
    escalation_reason: LocalizedText.optional(),
    /** Category suggested for the ticket, e.g. `hardware/disk`. */
    category: z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)*$/, hint('hintCategory')).optional(),
    /** Whether applying this conclusion resolves the ticket. Defaults to `escalate == none`. */
    resolves: z.boolean().optional(),
  })
  .strict();
export type ConclusionStep = z.infer<typeof ConclusionStep>;

export const Step = z.discriminatedUnion('kind', [QuestionStep, InstructionStep, ProbeStep, ConclusionStep]);
export type Step = z.infer<typeof Step>;
export type StepKind = Step['kind'];

export const ChecklistDocument = z
  .object({
    id: z.string().regex(CHECKLIST_ID, hint('hintChecklistId')),
    version: z.number().int().positive(),
    title: LocalizedText,
    description: LocalizedText.optional(),
    applies_to: z
      .object({
        os: z.array(OsFamily).min(1).default(['linux', 'windows', 'macos']),
        categories: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ os: ['linux', 'windows', 'macos'], categories: [] }),
    start: StepId,
    steps: z.array(Step).min(1, hint('hintOneStep')),
  })
  .strict();
export type ChecklistDocument = z.infer<typeof ChecklistDocument>;

/** The step ids a step can lead to, with the branch that leads there. */
export function successors(step: Step): { via: string; to: string }[] {
  switch (step.kind) {
    case 'question':
      return step.answers.map((answer, index) => ({ via: `answers[${index}]`, to: answer.next }));
    case 'instruction':
      return [
        { via: 'done', to: step.next.done },
        { via: 'failed', to: step.next.failed },
      ];
    case 'probe': {
      const out = [
        { via: 'pass', to: step.next.pass },
        { via: 'fail', to: step.next.fail },
      ];
      if (step.next.warn) out.push({ via: 'warn', to: step.next.warn });
      if (step.next.unavailable) out.push({ via: 'unavailable', to: step.next.unavailable });
      return out;
    }
    case 'conclusion':
      return [];
  }
}

/** Where a probe step goes for a result; `unavailable` falls back to warn, then fail. */
export function probeNext(step: ProbeStep, result: ProbeResult | 'unavailable'): string {
  if (result === 'unavailable') return step.next.unavailable ?? step.next.warn ?? step.next.fail;
  if (result === 'warn') return step.next.warn ?? step.next.fail;
  return step.next[result];
}
