import { z } from 'zod';
import { ChecklistDocument, ChecklistDraft, ChecklistYaml, DraftId, LocalizedText, OsFamily, PublishChecks, RecordedStep } from '../checklists';
import { TicketId } from '../tickets';
import { ProblemText } from '../validation';
import { call } from './define';
import { TicketDetail } from './tickets';

/** Calls of the checklist engine and of the guided-diagnosis wizard (a run lives in its ticket's events). */

export const ChecklistOrigin = z.enum(['builtin', 'file', 'hub', 'editor']);

export const ChecklistInfo = z.object({
  id: z.string(),
  version: z.number().int(),
  title: LocalizedText,
  origin: ChecklistOrigin,
  source: z.string().nullable(),
  importedAt: z.string(),
  /** Who published this version from a draft (editor or imported file); null for built-in and older versions. */
  publishedBy: z.string().nullable(),
  versions: z.array(z.number().int()),
  categories: z.array(z.string()),
});
export type ChecklistInfo = z.infer<typeof ChecklistInfo>;

/** `line`/`col` (1-based): where in the YAML text the problem is, when it can be placed. */
export const ChecklistProblem = z.object({ file: z.string(), stepId: z.string(), field: z.string(), message: z.string(), text: ProblemText.optional(), line: z.int().optional(), col: z.int().optional() });

export const DraftSummary = z.object({
  id: z.string(),
  checklistId: z.string(),
  version: z.int(),
  title: LocalizedText.nullable(),
  author: z.string(),
  updatedMs: z.number(),
  unsynced: z.boolean(),
  /** The file it was imported from; null when written in the editor. */
  importedFrom: z.string().nullable(),
});
export type DraftSummary = z.infer<typeof DraftSummary>;

/** A draft, with why its publication from another device did not reach the library (same version taken). */
export const DraftView = ChecklistDraft.extend({ refused: z.string().nullable() });
export type DraftView = z.infer<typeof DraftView>;
const DraftRef = z.object({ draftId: DraftId }).strict();

export const ProbeTargetInput = z.union([
  z.object({ target: z.literal('local') }).strict(),
  z.object({ target: z.literal('remote'), hostId: z.string().min(1) }).strict(),
]);

export const ProbeRunOutput = z.object({
  probe: z.string(),
  args: z.record(z.string(), z.unknown()),
  target: z.enum(['local', 'remote']),
  targetLabel: z.string().optional(),
  startedAt: z.string(),
  durationMs: z.number(),
  reading: z.record(z.string(), z.unknown()),
  raw: z.string(),
});

/** One step already taken in a run, with where it led. */
export const RunVisit = z.object({ stepId: z.string(), record: RecordedStep, next: z.string() });

/** Where a run's probes execute: the ticket's asset when it is in the host book, else this machine. */
export const RunProbeTarget = z.union([
  z.object({ target: z.literal('local') }),
  z.object({ target: z.literal('remote'), host: z.string() }),
]);

/** A run of a checklist on a ticket, replayed from the ticket's events over the run's pinned version. */
export const ChecklistRun = z.object({
  runId: z.string(),
  ticketId: z.string(),
  checklistId: z.string(),
  version: z.number().int(),
  /** The exact version the run was started with (a newer version never changes it). */
  document: ChecklistDocument,
  path: z.array(RunVisit),
  currentStepId: z.string(),
  finished: z.boolean(),
  applied: z.boolean(),
  startedAt: z.number(),
  startedBy: z.string(),
  probeTarget: RunProbeTarget,
  /** Records that no longer fit the run (two devices answered the same step): kept in the log, not replayed. */
  ignored: z.number().int(),
});
export type ChecklistRun = z.infer<typeof ChecklistRun>;

export const RunSummary = z.object({
  runId: z.string(),
  checklistId: z.string(),
  version: z.number().int(),
  title: LocalizedText,
  steps: z.number().int(),
  finished: z.boolean(),
  applied: z.boolean(),
  startedAt: z.number(),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const Suggestion = z.object({
  checklist: ChecklistInfo,
  /** `category`: made for the ticket's category; `os`: runs on its host's OS family; `other`: everything else. */
  match: z.enum(['category', 'os', 'other']),
});
export type Suggestion = z.infer<typeof Suggestion>;

/** What the technician did on the current step. */
export const RunAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answer'), answer: z.number().int().nonnegative() }).strict(),
  z.object({ kind: z.literal('instruction'), outcome: z.enum(['done', 'failed']) }).strict(),
  z
    .object({
      kind: z.literal('skip'),
      reason: z.string().trim().min(1, 'a skip needs a reason').max(2_000),
      via: z.union([z.number().int().nonnegative(), z.enum(['done', 'failed', 'pass', 'warn', 'fail', 'unavailable'])]).optional(),
    })
    .strict(),
  z.object({ kind: z.literal('back') }).strict(),
]);
export type RunAction = z.infer<typeof RunAction>;

const RunRef = z.object({ ticketId: TicketId, runId: z.string().min(1).max(100) }).strict();

const ChecklistRef = z.object({ id: z.string().min(1).max(100), version: z.number().int().positive().optional() }).strict();

export const checklistCalls = {
  'checklists.list': call(z.object({}).strict(), z.array(ChecklistInfo)),
  /** A stored document; without version, the newest. */
  'checklists.get': call(ChecklistRef, ChecklistDocument),
  /**
   * Imports YAML text as a draft (N2/N3), reviewed and published like one written in the editor. An invalid
   * file is not an error but `ok: false` with `file:step:field: message` lines; a version already published
   * with this content is `unchanged`, with other content a problem.
   */
  'checklists.import': call(
    z.object({ yaml: z.string().min(1).max(1_000_000), source: z.string().max(500).optional() }).strict(),
    z.object({
      ok: z.boolean(),
      id: z.string().optional(),
      version: z.number().int().optional(),
      status: z.enum(['drafted', 'unchanged']).optional(),
      draftId: z.string().optional(),
      problems: z.array(z.string()),
    }),
  ),
  'checklists.validate': call(
    z.object({ yaml: z.string().max(1_000_000), file: z.string().max(500).default('checklist.yaml') }).strict(),
    z.object({ ok: z.boolean(), problems: z.array(ChecklistProblem), document: ChecklistDocument.optional() }),
  ),
  /** Open drafts (N2/N3 only: N1 sees published versions only). */
  'checklists.drafts': call(z.object({}).strict(), z.array(DraftSummary)),
  'checklists.draft': call(DraftRef, DraftView),
  /** A draft of a new checklist from the template, or (`from`) of the next version of a published one. */
  'checklists.newDraft': call(z.object({ from: z.string().min(1).max(100).optional() }).strict(), DraftView),
  /** Saves the text as it is (a draft may be invalid). */
  'checklists.saveDraft': call(DraftRef.extend({ yaml: ChecklistYaml }).strict(), DraftView),
  /** Saves and publishes: the text must validate and raise the version; then N1 runs it. The author's dry run, if any, is recorded with it. */
  'checklists.publish': call(DraftRef.extend({ yaml: ChecklistYaml.optional(), dryRun: PublishChecks.shape.dryRun.unwrap().optional() }).strict(), DraftView),
  'checklists.discardDraft': call(DraftRef, DraftView),
  /** Replays a run's records over its pinned document version: the path so far and the current step. */
  'checklists.replay': call(
    z.object({ id: z.string().min(1), version: z.number().int().positive(), records: z.array(RecordedStep).max(10_000) }).strict(),
    z.object({ currentStepId: z.string(), pathStepIds: z.array(z.string()), finished: z.boolean() }),
  ),
  /** Checklists for a ticket: its category's first, then those for its host's OS family, then the rest. */
  'checklists.suggest': call(z.object({ ticketId: TicketId }).strict(), z.object({ os: OsFamily.nullable(), suggestions: z.array(Suggestion) })),
  'checklists.runs': call(z.object({ ticketId: TicketId }).strict(), z.array(RunSummary)),
  /** Starts a run on a ticket (the newest version unless one is given): recorded as a ticket event. */
  'checklists.startRun': call(z.object({ ticketId: TicketId, checklistId: z.string().min(1).max(100), version: z.number().int().positive().optional() }).strict(), ChecklistRun),
  'checklists.run': call(RunRef, ChecklistRun),
  /** Records the technician's answer, instruction outcome, skip (with reason) or a step back: one ticket event. */
  'checklists.record': call(RunRef.extend({ action: RunAction }).strict(), ChecklistRun),
  /** Runs the current probe step as a job (progress, cancel); its reading is recorded as a ticket event. */
  'checklists.runProbe': call(RunRef, z.object({ jobId: z.string() })),
  /** Applies the run's conclusion: category, then resolution (root cause = diagnosis) or escalation with its reason. */
  'checklists.apply': call(RunRef.extend({ lang: z.enum(['fr', 'en']).default('en'), note: z.string().trim().max(5_000).optional() }).strict(), TicketDetail),
  'probes.list': call(
    z.object({}).strict(),
    z.array(z.object({ name: z.string(), title: LocalizedText, fields: z.record(z.string(), z.object({ type: z.string(), unit: z.string().optional() })) })),
  ),
  'probes.run': call(
    z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).default({}), target: ProbeTargetInput.default({ target: 'local' }) }).strict(),
    ProbeRunOutput,
  ),
};
