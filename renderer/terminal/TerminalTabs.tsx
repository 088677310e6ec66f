import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { FindBar } from './FindBar';
import { RecBadge, RecordingStatus } from './RecordingBadge';
import { RendererBadge } from './RendererBadge';
import { TerminalPane } from './TerminalPane';
import { activate, closeTab, copySelection, openFind, pasteClipboard, setOsc, useTerminalTabs } from './sessions';

/** Open terminal sessions as tabs, with the active one's toolbar (copy, paste, find, escape-sequence policy). */
export function TerminalTabs() {
  const { t } = useTranslation();
  const { tabs, activeId, findingId } = useTerminalTabs();
  const active = tabs.find((tab) => tab.id === activeId);
  const closeFind = useCallback(() => {
    openFind(undefined);
    active?.term.focus();
  }, [active]);

  if (tabs.length === 0) return <p className="muted terminals-empty">{t('terminal.none')}</p>;

  return (
    <section className="terminals" aria-label={t('terminal.sessions')}>
      <div className="terminal-tabs" role="tablist" aria-label={t('terminal.sessions')}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            className={`terminal-tab${tab.id === activeId ? ' active' : ''}${tab.state === 'exited' ? ' exited' : ''}`}
            aria-selected={tab.id === activeId}
            aria-controls={`panel-${tab.id}`}
            onClick={() => activate(tab.id)}
            onAuxClick={(event) => event.button === 1 && closeTab(tab.id)}
            onKeyDown={(event) => {
              if (event.key === 'Delete') closeTab(tab.id);
            }}
          >
            <span className={`dot ${tab.state === 'open' ? 'dot-ok' : 'dot-off'}`} aria-hidden="true" /> {tab.title}
            <RecBadge tab={tab} />
            {tab.state === 'exited' && <span className="sr-only"> ({t('terminal.ended')})</span>}
            {/* Mouse shortcut; keyboard and screen-reader users have Delete on the tab and the toolbar's Close. */}
            <span
              className="terminal-tab-close"
              aria-hidden="true"
              title={t('terminal.closeTab', { title: tab.title })}
              onClick={(event) => {
                event.stopPropagation();
                closeTab(tab.id);
              }}
            >
              ×
            </span>
          </button>
        ))}
      </div>
      {active && (
        <div className="terminal-toolbar">
          <button type="button" onClick={() => copySelection(active)} title="Ctrl+Shift+C">
            {t('terminal.copy')}
          </button>
          <button type="button" onClick={() => void pasteClipboard(active)} title="Ctrl+Shift+V">
            {t('terminal.paste')}
          </button>
          <button type="button" onClick={() => openFind(active.id)} title="Ctrl+Shift+F">
            {t('terminal.find')}
          </button>
          <label className="checkbox small">
            <input type="checkbox" checked={active.osc.clipboard} onChange={(e) => setOsc(active.id, { clipboard: e.target.checked })} />
            {t('terminal.allowClipboard')}
          </label>
          <label className="checkbox small">
            <input type="checkbox" checked={active.osc.title} onChange={(e) => setOsc(active.id, { title: e.target.checked })} />
            {t('terminal.allowTitle')}
          </label>
          <button type="button" onClick={() => closeTab(active.id)}>
            {t('terminal.closeTab', { title: active.title })}
          </button>
          <span className="spacer" />
          <RecordingStatus tab={active} />
          <RendererBadge term={active.term} />
          <span className="small muted" role="status">
            {active.state === 'open' ? t('terminal.connected', { host: active.host }) : t('terminal.exited', { host: active.host, why: active.exitText ?? '' })}
          </span>
        </div>
      )}
      {active && findingId === active.id && <FindBar tab={active} onClose={closeFind} />}
      {tabs.map((tab) => (
        <div key={tab.id} id={`panel-${tab.id}`} role="tabpanel" aria-labelledby={`tab-${tab.id}`} hidden={tab.id !== activeId} className="terminal-panel">
          <TerminalPane tab={tab} active={tab.id === activeId} label={t('terminal.inputLabel', { host: tab.host })} />
        </div>
      ))}
    </section>
  );
}
