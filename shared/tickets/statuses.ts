/** A ticket's statuses, in workflow order. Plain data (no schema library): the CLI declares its options from it. */
export const STATUSES = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed'] as const;
