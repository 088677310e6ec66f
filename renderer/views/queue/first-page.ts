import type { QueueFilter, QueueQuery } from '../../../shared/contract';
import { parseRoute } from '../../route';
import { DEFAULT_SORT, FIRST_VIEW, savedView } from './saved-views';

export const PAGE_SIZE = 100;

type Sort = NonNullable<QueueQuery['sort']>;

/** Page `page` of the queue under a filter and sort, as the core is asked for it. */
export function queuePageInput(filter: QueueFilter, sort: Sort, page: number): QueueQuery {
  return { filter, sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE };
}

/**
 * The view the queue shows first, when the page opens on the queue itself (else undefined). The technician's
 * name is not known yet at boot; the first view does not depend on it (if it came to, the view would ask for
 * its own page under its own key).
 */
export function firstQueueView(hash: string = window.location.hash): { filter: QueueFilter; sort: Sort } | undefined {
  const route = parseRoute(hash);
  if (route.section !== 'queue' || route.rest.length > 0) return undefined;
  const view = savedView(FIRST_VIEW, '');
  return { filter: view.filter, sort: view.sort ?? DEFAULT_SORT };
}
