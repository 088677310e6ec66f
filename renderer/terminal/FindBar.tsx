import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { findInBuffer, showMatch, type FindMatch } from './find';
import type { TerminalTab } from './sessions';

/** Find in scrollback (the search addon is not installed): Enter next, Shift+Enter previous, Escape closes. */
export function FindBar({ tab, onClose }: { tab: TerminalTab; onClose: () => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [match, setMatch] = useState<FindMatch | undefined>();
  const [missing, setMissing] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const find = (backwards: boolean, from = match) => {
    const found = findInBuffer(tab.term, query, from, backwards);
    setMatch(found);
    setMissing(query !== '' && !found);
    if (found) showMatch(tab.term, found);
    else tab.term.clearSelection();
  };

  return (
    <div className="terminal-find" role="search">
      <label htmlFor="terminal-find-input" className="sr-only">
        {t('terminal.find')}
      </label>
      <input
        id="terminal-find-input"
        ref={input}
        value={query}
        placeholder={t('terminal.findPlaceholder')}
        onChange={(event) => {
          setQuery(event.target.value);
          setMatch(undefined);
          setMissing(false);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            find(event.shiftKey);
          }
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onClose();
          }
        }}
      />
      <button type="button" onClick={() => find(true)}>
        {t('terminal.previous')}
      </button>
      <button type="button" onClick={() => find(false)}>
        {t('terminal.next')}
      </button>
      <span className="small muted" aria-live="polite">
        {missing ? t('terminal.notFound') : ''}
      </span>
      <button type="button" onClick={onClose}>
        {t('terminal.closeFind')}
      </button>
    </div>
  );
}
