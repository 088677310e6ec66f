import { z } from 'zod';
import { JobId } from './app';
import { call, stream } from './define';

/**
 * The hub's address: https://, or http:// only to this machine (a hub started locally, tests). Tokens never
 * travel in clear over a network (docs/sync.md).
 */
export const HubUrl = z
  .string()
  .trim()
  .max(500)
  .regex(
    /^(https:\/\/[^\s/?#]+|http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?)(\/[^\s?#]*)?$/,
    'the hub address must start with https:// (http:// is only allowed for localhost)',
  )
  .transform((url) => url.replace(/\/+$/, ''));

export const HubToken = z
  .string()
  .trim()
  .regex(/^atl_[A-Za-z0-9_-]{43}$/, 'a hub token looks like atl_ followed by 43 letters, digits, - or _ (from: hub token issue)');

/** Where the hub token is kept: the encrypted vault, this session's memory only (vault locked), or nowhere. */
export const TokenStorage = z.enum(['vault', 'memory', 'locked', 'none']);

export const SyncStatus = z.object({
  configured: z.boolean(),
  hubUrl: z.string().nullable(),
  token: TokenStorage,
  /** The hub user the token belongs to, once the hub answered. */
  hubUser: z.string().nullable(),
  /** Whether the hub answered last time; null before any attempt. */
  online: z.boolean().nullable(),
  syncing: z.boolean(),
  /** The running sync job (progress on `job.progress`, cancel with `jobs.cancel`). */
  jobId: JobId.nullable(),
  lastSyncAt: z.number().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Events made here that the hub does not have yet. */
  waiting: z.int().min(0),
  /** Events the hub refused as malformed: kept here, not pushed again until retried. */
  rejected: z.int().min(0),
  /** Events from the hub this device cannot apply, set aside with their reason (docs/sync.md, *Quarantine*). */
  quarantined: z.int().min(0),
  /** The first of them (at most 20), oldest first. */
  quarantine: z.array(
    z.object({ eventId: z.string(), stream: z.enum(['tickets', 'kb', 'checklists']), subject: z.string().nullable(), rule: z.string(), reason: z.string(), atMs: z.number() }),
  ),
  nextAttemptAt: z.number().nullable(),
  /** This device's clock minus the hub's, as last measured (ms). */
  clockOffsetMs: z.number(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const syncCalls = {
  'sync.status': call(z.object({}).strict(), SyncStatus),
  /** Saves the hub address and token (checked with the hub when it answers; kept when it is offline). */
  'sync.configure': call(z.object({ hubUrl: HubUrl, token: HubToken }).strict(), SyncStatus),
  'sync.disconnect': call(z.object({}).strict(), SyncStatus),
  /** Starts a sync now (or returns the running one). */
  'sync.now': call(z.object({}).strict(), z.object({ jobId: JobId })),
  /** Pushes again the events the hub refused (after the cause was fixed). */
  'sync.retryRejected': call(z.object({}).strict(), SyncStatus),
};

export const syncStreams = {
  'sync.status': stream(SyncStatus),
};
