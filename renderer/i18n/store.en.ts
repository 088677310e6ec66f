/** English UI text of the notice shown at start when the store waits for the user; merged into en.ts. */
export const storeEn = {
  store: {
    emptyTitle: 'The store file is empty',
    emptyBody:
      'Atelier keeps your tickets, host book and inventories in {{file}}. That file is empty (0 bytes): it holds nothing, and may have been cut short by a crash, a full disk or an unfinished copy. Nothing was changed.',
    emptyChoice:
      'If you have a backup, put it in place of this file, then check again. Otherwise Atelier can keep the empty file aside (renamed atelier.db.empty-<date>, in the same folder) and start a new, empty store.',
    startFresh: 'Keep it aside and start a new store',
    starting: 'Starting a new store…',
    checkAgain: 'Check again',
  },
} as const;
