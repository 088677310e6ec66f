import type { QueueFilter, QueueQuery } from '../../../shared/contract';

export type SavedViewId = 'all_open' | 'my_open' | 'breaching_today' | 'unassigned_n1' | 'conflicts' | 'all';

/** The view the queue opens on, and its order when the view gives none. */
export const FIRST_VIEW: SavedViewId = 'all_open';
export const DEFAULT_SORT: NonNullable<QueueQuery['sort']> = { field: 'priority', dir: 'asc' };

/** The queue's built-in views; `me` is the technician's name. */
export function savedView(id: SavedViewId, me: string): { filter: QueueFilter; sort?: NonNullable<QueueQuery['sort']> } {
  switch (id) {
    case 'all_open':
      return { filter: { open: true } };
    case 'my_open':
      return { filter: { open: true, assignee: me } };
    case 'breaching_today':
      return { filter: { open: true, sla: 'due_today' }, sort: { field: 'sla', dir: 'asc' } };
    case 'unassigned_n1':
      return { filter: { open: true, unassigned: true, levels: ['N1'] } };
    case 'conflicts':
      return { filter: { conflicts: true } };
    case 'all':
      return { filter: {} };
  }
}

export const SAVED_VIEW_IDS: readonly SavedViewId[] = ['all_open', 'my_open', 'breaching_today', 'unassigned_n1', 'conflicts', 'all'];
