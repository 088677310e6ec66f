import type { QueryClient } from '@tanstack/react-query';
import type { CallName } from '../../../shared/contract';
import { callKey, client } from '../../api/client';
import { firstQueueView } from './first-page';
import { queuePageQuery } from './use-queue-pages';

/** What the queue's first screen reads besides its rows (the view, the status bar, the sidebar). */
const FIRST_SCREEN_CALLS = ['app.info', 'tickets.stats', 'tickets.categories', 'sync.status'] as const satisfies readonly CallName[];

/**
 * Asks for the queue's first screen while the page still boots (language, theme, first render), under the
 * keys the views read, so its rows come with the first render instead of after it. Only when the page opens
 * on the queue itself; the views fetch whatever is missing as always.
 */
export function prefetchQueue(queries: QueryClient, hash: string = window.location.hash): void {
  const view = firstQueueView(hash);
  if (!view) return;
  void queries.prefetchQuery(queuePageQuery(view.filter, view.sort, 0));
  for (const name of FIRST_SCREEN_CALLS) void queries.prefetchQuery({ queryKey: callKey(name, {}), queryFn: () => client.call(name, {}) });
}
