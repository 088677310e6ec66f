import { z } from 'zod';
import { call, stream } from './define';

export const Language = z.enum(['fr', 'en']);
export type Language = z.infer<typeof Language>;

export const Level = z.enum(['N1', 'N2', 'N3']);
export type Level = z.infer<typeof Level>;

/**
 * A user's support level and where it comes from: the team hub (what its admin gave the token's user), or
 * this store, whose lead (its first user) gives levels. `canChange`: the current user may set it here.
 */
export const LevelView = z.object({
  level: Level.nullable(),
  source: z.enum(['hub', 'store']),
  lead: z.string().nullable(),
  isLead: z.boolean(),
  canChange: z.boolean(),
});
export type LevelView = z.infer<typeof LevelView>;

export const Settings = z.object({
  /** `system` follows the operating system's language. */
  language: z.enum(['system', 'fr', 'en']),
  theme: z.enum(['system', 'light', 'dark']),
  /** The technician's name on events and reports; empty means the operating system's user name. */
  technician: z.string().trim().max(200),
  /**
   * The technician's support level (null counts as N1: runs published checklists; N2 and N3 also write and
   * publish them). Read from the level's authority (levels.ts), never taken from the user's word alone: an
   * update that changes it is refused unless the user leads this store and no hub gives levels.
   */
  level: z.enum(['N1', 'N2', 'N3']).nullable(),
  /** The first-run prompt was answered or put off: it is not shown again. */
  welcomed: z.boolean(),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { language: 'system', theme: 'system', technician: '', level: null, welcomed: false };

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** Who this device's events are made by (Settings' technician, else the OS user). */
  actor: z.string(),
  /** This device's id as it appears on the events it makes. */
  deviceId: z.string(),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  platform: z.string(),
  runtime: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const JobId = z.string().min(1).max(64);

export const JobState = z.enum(['running', 'done', 'failed', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

/** Progress of a long operation: every long operation is a job, shows this and can be cancelled. */
export const JobProgress = z.object({
  jobId: JobId,
  kind: z.string(),
  state: JobState,
  done: z.number().nonnegative(),
  total: z.number().nonnegative().optional(),
  message: z.string().optional(),
  error: z.string().optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

/**
 * Whether the store is open, or waits for the user: an empty (0-byte) store file is kept aside and a new store
 * started only when the user agrees (`store.startFresh`).
 */
export const StoreState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('open') }),
  z.object({ state: z.literal('empty'), file: z.string() }),
]);
export type StoreState = z.infer<typeof StoreState>;

export const appCalls = {
  'store.state': call(z.object({}).strict(), StoreState),
  'store.startFresh': call(z.object({}).strict(), z.object({ aside: z.string() })),
  'app.info': call(z.object({}).strict(), AppInfo),
  'settings.get': call(z.object({}).strict(), Settings),
  'settings.update': call(Settings.partial().strict(), Settings),
  /** The user's level, where it comes from and whether they may change it here. */
  'settings.level': call(z.object({}).strict(), LevelView),
  'jobs.list': call(z.object({}).strict(), z.array(JobProgress)),
  'jobs.cancel': call(z.object({ jobId: JobId }).strict(), z.object({ cancelled: z.boolean() })),
};

/**
 * The store changed: a sync round applied events, a job or another view wrote, or another process (the
 * CLI) committed to the same file. Views refetch what they show.
 */
export const DataChanged = z.object({ at: z.number() });
export type DataChanged = z.infer<typeof DataChanged>;

export const appStreams = {
  'job.progress': stream(JobProgress),
  'settings.changed': stream(Settings),
  'data.changed': stream(DataChanged),
};
