import type { QueryClient } from '@tanstack/react-query';
import type { CallName } from '../../../shared/contract';
import { callKey, client } from '../../api/client';
import { parseRoute } from '../../route';
import { DEFAULT_SORT, FIRST_VIEW, savedView } from './saved-views';
import { queuePageQuery } from './use-queue-pages';

/** What the queue's first screen reads besides its rows (the view, the status bar, the sidebar). */
const FIRST_SCREEN_CALLS = ['app.info', 'tickets.stats', 'tickets.categories', 'sync.status'] as const satisfies readonly CallName[];

/**
 * Asks for the queue's first screen while the page still boots (language, theme, first render), under the
 * keys the views read, so its rows come with the first render instead of after it. Only when the page opens
 * on the queue itself; the views fetch whatever is missing as always.
 */
export function prefetchQueue(queries: QueryClient, hash: string = window.location.hash): void {
  const route = parseRoute(hash);
  if (route.section !== 'queue' || route.rest.length > 0) return;
  // The technician's name is not known yet; the first view does not depend on it (if it came to, the view
  // would ask for its own page under its own key).
  const view = savedView(FIRST_VIEW, '');
  void queries.prefetchQuery(queuePageQuery(view.filter, view.sort ?? DEFAULT_SORT, 0));
  for (const name of FIRST_SCREEN_CALLS) void queries.prefetchQuery({ queryKey: callKey(name, {}), queryFn: () => client.call(name, {}) });
}
