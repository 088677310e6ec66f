import type { Terminal } from '@xterm/xterm';
import { useTranslation } from 'react-i18next';
import { useTerminalRenderer } from './renderer-choice';

/** Says how the active terminal is drawn (WebGL or page text) and, on hover, why. */
export function RendererBadge({ term }: { term: Terminal }) {
  const { t } = useTranslation();
  const state = useTerminalRenderer(term);
  if (!state) return null;
  return (
    <span className="small muted" data-testid="terminal-renderer" data-renderer={state.kind} data-reason={state.reason} title={t(`terminal.renderer.why.${state.reason ?? 'webgl'}`)}>
      {t(`terminal.renderer.${state.kind}`)}
    </span>
  );
}
