import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { QueueFilter, QueuePage, QueueQuery, QueueRow } from '../../../shared/contract';
import { client } from '../../api/client';

export const PAGE_SIZE = 100;

/** One page of the queue as TanStack Query caches it: the view's pages and the boot's prefetch share it. */
export function queuePageQuery(filter: QueueFilter, sort: NonNullable<QueueQuery['sort']>, page: number) {
  return {
    queryKey: ['tickets.query', filter, sort, page],
    queryFn: () => client.call('tickets.query', { filter, sort, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    staleTime: 10_000,
  };
}

/**
 * Rows of a 100k-ticket queue on demand: only the pages under the visible range are fetched (and cached by
 * TanStack Query under `tickets.query`, so any change to tickets refreshes them).
 */
export function useQueuePages(filter: QueueFilter, sort: NonNullable<QueueQuery['sort']>, first: number, last: number) {
  const pages = useMemo(() => {
    const from = Math.floor(Math.max(0, first) / PAGE_SIZE);
    const to = Math.floor(Math.max(0, last) / PAGE_SIZE);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  }, [first, last]);
  // Page 0 is always fetched: it carries the total that sizes the list.
  const wanted = pages.includes(0) ? pages : [0, ...pages];
  const results = useQueries({
    queries: wanted.map((page) => ({
      ...queuePageQuery(filter, sort, page),
      placeholderData: (previous: QueuePage | undefined) => previous,
    })),
  });
  const byPage = new Map<number, QueuePage>();
  wanted.forEach((page, i) => {
    const data = results[i]?.data;
    if (data) byPage.set(page, data);
  });
  const total = byPage.get(0)?.total;
  const row = (index: number): QueueRow | undefined => byPage.get(Math.floor(index / PAGE_SIZE))?.rows[index % PAGE_SIZE];
  const error = results.find((r) => r.error)?.error ?? null;
  const loading = results[0]?.isLoading ?? true;
  return { total, row, error, loading };
}
