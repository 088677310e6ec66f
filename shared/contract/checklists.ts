import { z } from 'zod';
import { ChecklistDocument, LocalizedText, RecordedStep } from '../checklists';
import { call } from './define';

/** Calls the checklist engine exposes. Not yet registered in the contract index (the lead wires them). */

export const ChecklistOrigin = z.enum(['builtin', 'file', 'hub']);

export const ChecklistInfo = z.object({
  id: z.string(),
  version: z.number().int(),
  title: LocalizedText,
  origin: ChecklistOrigin,
  source: z.string().nullable(),
  importedAt: z.string(),
  versions: z.array(z.number().int()),
  categories: z.array(z.string()),
});
export type ChecklistInfo = z.infer<typeof ChecklistInfo>;

export const ChecklistProblem = z.object({ file: z.string(), stepId: z.string(), field: z.string(), message: z.string() });

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

const ChecklistRef = z.object({ id: z.string().min(1).max(100), version: z.number().int().positive().optional() }).strict();

export const checklistCalls = {
  'checklists.list': call(z.object({}).strict(), z.array(ChecklistInfo)),
  /** A stored document; without version, the newest. */
  'checklists.get': call(ChecklistRef, ChecklistDocument),
  /** Imports YAML text (validated first); the same (id, version) with other content is a conflict. */
  'checklists.import': call(
    z.object({ yaml: z.string().min(1).max(1_000_000), source: z.string().max(500).optional() }).strict(),
    z.object({ id: z.string(), version: z.number().int(), status: z.enum(['added', 'unchanged']) }),
  ),
  'checklists.validate': call(
    z.object({ yaml: z.string().max(1_000_000), file: z.string().max(500).default('checklist.yaml') }).strict(),
    z.object({ ok: z.boolean(), problems: z.array(ChecklistProblem) }),
  ),
  /** Replays a run's records over its pinned document version: the path so far and the current step. */
  'checklists.replay': call(
    z.object({ id: z.string().min(1), version: z.number().int().positive(), records: z.array(RecordedStep).max(10_000) }).strict(),
    z.object({ currentStepId: z.string(), pathStepIds: z.array(z.string()), finished: z.boolean() }),
  ),
  'probes.list': call(
    z.object({}).strict(),
    z.array(z.object({ name: z.string(), title: LocalizedText, fields: z.record(z.string(), z.object({ type: z.string(), unit: z.string().optional() })) })),
  ),
  'probes.run': call(
    z.object({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).default({}), target: ProbeTargetInput.default({ target: 'local' }) }).strict(),
    ProbeRunOutput,
  ),
};
