import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef } from 'react';
import { chooseRenderer, useTerminalRenderer } from './renderer-choice';
import { withCspSafeStyles } from './xterm-styles';
import type { TerminalTab } from './sessions';

/** Shows one session's xterm; the terminal itself lives in the session store and survives this view. */
export function TerminalPane({ tab, active, label }: { tab: TerminalTab; active: boolean; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const renderer = useTerminalRenderer(tab.term);

  useEffect(() => {
    const container = host.current;
    if (!container) return;
    const { term, fit } = tab;
    if (term.element) container.appendChild(term.element);
    else {
      withCspSafeStyles(() => term.open(container));
      chooseRenderer(term, () => {
        // Not while hidden (see refit below); showing the pane again fits it.
        const parent = term.element?.parentElement;
        if (parent && parent.offsetWidth > 0 && parent.offsetHeight > 0) fit.fit();
      });
    }
    // The textarea xterm reads keys from gets a name screen readers announce.
    term.textarea?.setAttribute('aria-label', label);
    let frame = 0;
    const refit = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        // A hidden pane has no size: fitting it would shrink the remote PTY to nothing.
        if (container.offsetWidth > 0 && container.offsetHeight > 0) fit.fit();
      });
    };
    const observer = new ResizeObserver(refit);
    observer.observe(container);
    refit();
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [tab, label]);

  useEffect(() => {
    if (active) {
      tab.fit.fit();
      tab.term.focus();
    }
  }, [active, tab]);

  return <div ref={host} className="terminal-host" hidden={!active} data-session={tab.id} data-renderer={renderer?.kind} />;
}
