/**
 * A checklist run unattended as a rollout's procedure: its probes run on each host, its questions and
 * instructions take the answers the procedure declares, and a step with no declared answer stops that host
 * as "needs a human" (never a silent pass). The host's verdict is the conclusion the checklist reaches.
 * Pure: the core runs the probes (electron/core/change-records/unattended.ts).
 */
import { z } from 'zod';
import { probeDeclaration } from '../checklists/probes';
import { replay, type RecordedStep } from '../checklists/run';
import { CHECKLIST_ID, StepId, type ChecklistDocument, type ConclusionStep, type InstructionStep, type ProbeStep, type QuestionStep } from '../checklists/schema';

/** A question's answer by its index (0 = the first), or an instruction's outcome. */
export const StepAnswer = z.union([z.int().min(0), z.enum(['done', 'failed'])]);
export type StepAnswer = z.infer<typeof StepAnswer>;

export const ChecklistProcedure = z
  .object({
    id: z.string().regex(CHECKLIST_ID, 'a checklist id uses a-z, 0-9 and single dashes'),
    /** Pinned: the approver approved this version, whatever is published later. */
    version: z.int().min(1),
    /** The answer given to each question or instruction reached; one without an answer needs a human. */
    answers: z.record(StepId, StepAnswer).default({}),
    /** The conclusions that mean success; by default, those that would resolve a ticket (no escalation). */
    succeedsAt: z.array(StepId).min(1).max(50).optional(),
  })
  .strict();
export type ChecklistProcedure = z.infer<typeof ChecklistProcedure>;

/** Answers recorded before a host gives up: a checklist whose declared answers loop would never end. */
export const MAX_UNATTENDED_STEPS = 200;

export type UnattendedNext =
  | { kind: 'probe'; step: ProbeStep }
  | { kind: 'needs_human'; step: QuestionStep | InstructionStep; reason: string }
  | { kind: 'concluded'; conclusion: ConclusionStep; succeeded: boolean }
  | { kind: 'too_long'; reason: string };

/**
 * From the records so far, records the declared answers of the steps met until a probe must run, a step
 * needs a human, or a conclusion is reached. Returns every record (the given ones first) and what comes next.
 */
export function advanceUnattended(doc: ChecklistDocument, plan: ChecklistProcedure, records: readonly RecordedStep[]): { records: RecordedStep[]; next: UnattendedNext } {
  const out = [...records];
  while (out.length < MAX_UNATTENDED_STEPS) {
    const { current } = replay(doc, out);
    if (current.kind === 'conclusion') return { records: out, next: { kind: 'concluded', conclusion: current, succeeded: conclusionSucceeds(current, plan) } };
    if (current.kind === 'probe') return { records: out, next: { kind: 'probe', step: current } };
    const answer = plan.answers[current.id];
    if (answer === undefined) {
      const what = current.kind === 'question' ? 'asks' : 'says';
      return { records: out, next: { kind: 'needs_human', step: current, reason: `needs a human: step "${current.id}" ${what} "${current.text.en}" and the procedure gives no answer for it` } };
    }
    out.push(current.kind === 'question' ? { kind: 'answer', stepId: current.id, answer: answer as number } : { kind: 'instruction', stepId: current.id, outcome: answer as 'done' | 'failed' });
  }
  return { records: out, next: { kind: 'too_long', reason: `needs a human: the checklist went through ${MAX_UNATTENDED_STEPS} steps without a conclusion (its answers go round in circles)` } };
}

export function conclusionSucceeds(conclusion: ConclusionStep, plan: Pick<ChecklistProcedure, 'succeedsAt'>): boolean {
  return plan.succeedsAt ? plan.succeedsAt.includes(conclusion.id) : (conclusion.resolves ?? conclusion.escalate === 'none');
}

/** Why a checklist procedure does not fit its checklist, as a code and its values: the form says it in the reader's language. */
export type ChecklistPlanProblemCode = 'no_step' | 'question_answer' | 'instruction_answer' | 'not_answerable' | 'not_conclusion' | 'unknown_probe';

export interface ChecklistPlanProblem {
  path: string;
  message: string;
  code: ChecklistPlanProblemCode;
  values: Record<string, string | number>;
}

/**
 * What is wrong with a checklist procedure against the checklist it names (empty: it can run): answers to
 * steps that do not exist or cannot take them, conclusions that are not conclusions, probes this app
 * does not know. Each problem names where. The save and the form's fields both use it.
 */
export function checklistProcedureProblems(doc: ChecklistDocument, plan: ChecklistProcedure): ChecklistPlanProblem[] {
  const problems: ChecklistPlanProblem[] = [];
  const checklist = `${doc.id} v${doc.version}`;
  const step = (id: string) => doc.steps.find((s) => s.id === id);
  for (const [id, answer] of Object.entries(plan.answers)) {
    const path = `procedure.checklist.answers.${id}`;
    const found = step(id);
    if (!found) problems.push({ path, code: 'no_step', values: { step: id, checklist }, message: `the checklist ${checklist} has no step "${id}"` });
    else if (found.kind === 'question') {
      if (typeof answer !== 'number' || answer >= found.answers.length) {
        problems.push({ path, code: 'question_answer', values: { step: id, count: found.answers.length }, message: `step "${id}" is a question: answer with the number of one of its ${found.answers.length} answers (0 is the first)` });
      }
    } else if (found.kind === 'instruction') {
      if (answer !== 'done' && answer !== 'failed') problems.push({ path, code: 'instruction_answer', values: { step: id }, message: `step "${id}" is an instruction: answer done or failed` });
    } else problems.push({ path, code: 'not_answerable', values: { step: id, kind: found.kind }, message: `step "${id}" is a ${found.kind}: only questions and instructions take an answer` });
  }
  for (const [i, id] of (plan.succeedsAt ?? []).entries()) {
    if (step(id)?.kind !== 'conclusion') problems.push({ path: `procedure.checklist.succeedsAt.${i}`, code: 'not_conclusion', values: { step: id, checklist }, message: `"${id}" is not a conclusion of the checklist ${checklist}` });
  }
  for (const s of doc.steps) {
    if (s.kind === 'probe' && !probeDeclaration(s.probe)) problems.push({ path: `procedure.checklist`, code: 'unknown_probe', values: { step: s.id, probe: s.probe }, message: `step "${s.id}" runs the probe "${s.probe}", which this app does not know` });
  }
  return problems;
}

/** How the preview shows a checklist procedure in place of a command. */
export function describeChecklistProcedure(plan: ChecklistProcedure): string {
  const answers = Object.entries(plan.answers).map(([id, a]) => `${id}=${String(a)}`);
  return `checklist ${plan.id} v${plan.version}, run unattended with its probes${answers.length ? ` (answers: ${answers.join(', ')})` : ''}`;
}
