import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { JobProgress, SyncStatus } from '../../../shared/contract';
import { callKey, client, useCall, useStream } from '../../api/client';

/** The sync status, kept fresh by the `sync.status` stream (and a slow poll for the waiting count). */
export function useSyncStatus() {
  const queries = useQueryClient();
  const status = useCall('sync.status', {}, { refetchInterval: 5_000 });
  useStream(
    'sync.status',
    useCallback((payload: SyncStatus) => queries.setQueryData(callKey('sync.status', {}), payload), [queries]),
  );
  return status;
}

/**
 * Whether a team hub is set. Without one nothing is ever "not synced yet": the status bar says "Local only"
 * once, and tickets, timelines and articles carry no unsynced marks.
 */
export function useHubConfigured(): boolean {
  return useCall('sync.status', {}).data?.configured === true;
}

/** Progress of the running sync job, if any. */
export function useSyncJob(jobId: string | null): JobProgress | null {
  const [progress, setProgress] = useState<JobProgress | null>(null);
  useStream(
    'job.progress',
    useCallback((payload: JobProgress) => {
      if (payload.kind === 'sync') setProgress(payload.state === 'running' ? payload : null);
    }, []),
  );
  return jobId !== null && progress?.jobId === jobId ? progress : null;
}

export async function syncNow(): Promise<void> {
  await client.call('sync.now', {});
}

/** Shown in the `?` list and bound by the status bar (Shift held: Ctrl+Shift+S reads as Ctrl+S). */
export const SYNC_SHORTCUT = { keys: 'Ctrl+S', label: 'Ctrl+Shift+S' } as const;
