/** Contents named by synced events (attachments, recordings, inventory snapshots): where they are, fetching them. */
import { z } from 'zod';
import { ContentHash } from '../tickets';
import { JobId } from './app';
import { call } from './define';

export const BlobRefInput = z.union([z.object({ hash: ContentHash }).strict(), z.object({ snapshotId: z.string().min(1).max(200) }).strict()]);
export type BlobRefInput = z.infer<typeof BlobRefInput>;

/**
 * `local`: here. `hub`: on the hub, not yet here (size in bytes). `waiting`: the device that made it
 * (`from`, "Karim (desk)") has not sent it yet. `offline`: the hub does not answer. `no_hub`: no hub set.
 */
export const BlobState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('local') }),
  z.object({ state: z.literal('hub'), size: z.int().min(0) }),
  z.object({ state: z.enum(['waiting', 'offline', 'no_hub']), from: z.string().optional() }),
]);
export type BlobState = z.infer<typeof BlobState>;

export const blobCalls = {
  'blobs.state': call(BlobRefInput, BlobState),
  /** Fetches a content from the hub as a job (kind `blob`): progress in bytes, Cancel; kept here afterwards. */
  'blobs.fetch': call(BlobRefInput, z.object({ jobId: JobId })),
};
