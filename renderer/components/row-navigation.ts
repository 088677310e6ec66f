import { useRef, useState, type KeyboardEvent } from 'react';

/** What a selected row does on a key, beyond moving and Enter (e.g. `{ Delete: remove, f: openFiles }`). */
export type RowKeys = Partial<Record<string, () => void>>;

/**
 * A table whose rows are chosen from the keyboard, with one tab stop (the selected row): ↑/↓ or j/k move,
 * Home/End jump, Enter and double-click activate, and each view adds its own keys. Keys typed in a control
 * inside a row (a button) are left to it.
 */
export function useRowNavigation(count: number) {
  const [selected, setSelected] = useState(0);
  const body = useRef<HTMLTableSectionElement>(null);
  const index = Math.max(0, Math.min(selected, count - 1));

  const focusRow = (i: number) => {
    setSelected(i);
    body.current?.querySelectorAll<HTMLTableRowElement>('tr')[i]?.focus();
  };

  const rowProps = (i: number, activate: () => void, keys: RowKeys = {}) => ({
    tabIndex: i === index ? 0 : -1,
    className: i === index ? 'selected' : undefined,
    onClick: () => setSelected(i),
    onDoubleClick: activate,
    onKeyDown: (event: KeyboardEvent<HTMLTableRowElement>) => {
      if (event.target !== event.currentTarget) return;
      const moves: Partial<Record<string, number>> = { ArrowDown: i + 1, j: i + 1, ArrowUp: i - 1, k: i - 1, Home: 0, End: count - 1 };
      const to = moves[event.key];
      const own = keys[event.key];
      if (to !== undefined) focusRow(Math.max(0, Math.min(to, count - 1)));
      else if (event.key === 'Enter') activate();
      else if (own) own();
      else return;
      event.preventDefault();
    },
  });

  /** Focuses the selected row again (after a dialog closed or the list changed). */
  const focusSelected = () => body.current?.querySelector<HTMLTableRowElement>('tr[tabindex="0"]')?.focus();

  return { index, setSelected, focusRow, focusSelected, body, rowProps };
}
