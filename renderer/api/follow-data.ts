import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useStream } from './client';

/** Reads that go to a remote machine, not to the store: a store change says nothing about them. */
const REMOTE_READS = ['sftp.', 'tunnels.'];

/**
 * Screens follow the data: when the core says the store changed (a sync round, a job, another view or
 * the CLI wrote), every mounted view's store reads are fetched again. TanStack Query keeps the old data on
 * screen while it refetches, so scroll position and selection stay where they were; reads not mounted are
 * only marked stale.
 */
export function useFollowData(): void {
  const queries = useQueryClient();
  useStream(
    'data.changed',
    useCallback(() => {
      void queries.invalidateQueries({
        predicate: (query) => {
          const name = query.queryKey[0];
          return typeof name === 'string' && !REMOTE_READS.some((prefix) => name.startsWith(prefix));
        },
      });
    }, [queries]),
  );
}
