import type { TicketAction } from '../../../shared/contract';
import { useCallMutation } from '../../api/client';

/** Every change to a ticket goes through `tickets.act`; the queue and the ticket refresh after it. */
export function useAct() {
  const mutation = useCallMutation('tickets.act', ['tickets.get', 'tickets.query', 'tickets.stats']);
  return {
    act: (action: TicketAction) => mutation.mutateAsync(action),
    error: mutation.error,
    busy: mutation.isPending,
    reset: mutation.reset,
  };
}
