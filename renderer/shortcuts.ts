import { useEffect, useRef } from 'react';

/** One keyboard shortcut: `keys` is a sequence like `g q`, or a single key with modifiers like `Alt+1`. */
export interface Shortcut {
  keys: string;
  run: () => void;
  /** Also fires while typing in a field (Escape does). */
  inFields?: boolean;
}

const SEQUENCE_TIMEOUT_MS = 1200;

export function keyName(event: KeyboardEvent): string {
  const parts: string[] = [];
  if (event.ctrlKey) parts.push('Ctrl');
  if (event.altKey) parts.push('Alt');
  if (event.metaKey) parts.push('Meta');
  // Alt+digit gives other characters on some layouts: use the physical digit.
  const key = event.altKey && /^Digit\d$/.test(event.code) ? event.code.slice(5) : event.key;
  parts.push(key);
  return parts.join('+');
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || target.closest('.xterm') !== null;
}

/** Binds shortcuts on the document while the component is mounted. */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const latest = useRef(shortcuts);
  latest.current = shortcuts;
  useEffect(() => {
    let pending = '';
    let pendingAt = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      const typing = isTypingTarget(event.target);
      const name = keyName(event);
      // Enter and Space belong to the focused button or link.
      if ((name === 'Enter' || name === ' ') && event.target instanceof HTMLElement && event.target.closest('button, a, summary')) return;
      const now = Date.now();
      const sequence = pending && now - pendingAt < SEQUENCE_TIMEOUT_MS ? `${pending} ${name}` : name;
      const match =
        latest.current.find((s) => s.keys === sequence && (!typing || s.inFields)) ??
        latest.current.find((s) => s.keys === name && (!typing || s.inFields));
      if (match) {
        event.preventDefault();
        pending = '';
        match.run();
        return;
      }
      if (!typing && latest.current.some((s) => s.keys.startsWith(`${name} `))) {
        pending = name;
        pendingAt = now;
      } else {
        pending = '';
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
