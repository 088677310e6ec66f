import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { client } from '../../api/client';
import { useCoreJob } from '../../api/use-core-job';

/**
 * Runs the run's current probe step as a core job: a spinner while it runs, Cancel, and a refresh of the
 * run (the reading is recorded as a ticket event by the core) when it ends.
 */
export function useProbeJob(ticketId: string, runId: string) {
  const queries = useQueryClient();
  const begin = useCallback(() => client.call('checklists.runProbe', { ticketId, runId }), [ticketId, runId]);
  const refresh = useCallback(() => {
    void Promise.all(['checklists.run', 'checklists.runs', 'tickets.get'].map((key) => queries.invalidateQueries({ queryKey: [key] })));
  }, [queries]);
  return useCoreJob(begin, refresh, 'the check failed');
}
