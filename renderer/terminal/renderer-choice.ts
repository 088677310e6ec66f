import type { WebglAddon } from '@xterm/addon-webgl';
import type { Terminal } from '@xterm/xterm';
import { useSyncExternalStore } from 'react';
import { withCspSafeStyles } from './xterm-styles';

/**
 * Which renderer draws a terminal: xterm's WebGL addon where a real GPU backs WebGL 2, otherwise (or when
 * the GPU context is lost) xterm's DOM renderer. A software rasterizer (SwiftShader, llvmpipe: what a
 * headless or GPU-less machine gets) counts as no GPU: measured under a `yes` flood in headless Chromium it
 * drew no faster than the DOM renderer, and the DOM renderer keeps the screen text in the page (tests read it).
 */
export type TerminalRenderer = 'webgl' | 'dom';
/** Why the DOM renderer is drawing, when it is. */
export type DomReason = 'unavailable' | 'software' | 'contextLost' | 'failed' | 'chosen';
export interface RendererState {
  kind: TerminalRenderer;
  reason?: DomReason;
}

/**
 * Diagnostic override in localStorage: `webgl` uses WebGL even on a software rasterizer, `dom` never uses
 * it. Anything else (or nothing) is the automatic choice above.
 */
export const RENDERER_PREFERENCE_KEY = 'atelier.terminalRenderer';

const states = new WeakMap<Terminal, RendererState>();
const listeners = new Set<() => void>();
let probed: { webgl2: boolean; software: boolean } | undefined;

function set(term: Terminal, state: RendererState): void {
  states.set(term, state);
  for (const listener of listeners) listener();
}

function preference(): 'auto' | 'webgl' | 'dom' {
  try {
    const value = window.localStorage.getItem(RENDERER_PREFERENCE_KEY);
    return value === 'webgl' || value === 'dom' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

/** One throwaway context per page, released at once: browsers cap live WebGL contexts. */
function probe(): { webgl2: boolean; software: boolean } {
  if (probed) return probed;
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return (probed = { webgl2: false, software: false });
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return (probed = { webgl2: true, software: /swiftshader|llvmpipe|softpipe|software/i.test(name) });
}

/**
 * Picks and loads the renderer of a terminal that has just been opened (`term.open`). `refit` runs when the
 * renderer changes later: the two measure cells differently (WebGL rounds to device pixels), so the same
 * column count no longer fits the pane.
 */
export function chooseRenderer(term: Terminal, refit: () => void): void {
  const wanted = preference();
  if (wanted === 'dom') return set(term, { kind: 'dom', reason: 'chosen' });
  const gpu = probe();
  if (!gpu.webgl2) return set(term, { kind: 'dom', reason: 'unavailable' });
  if (gpu.software && wanted !== 'webgl') return set(term, { kind: 'dom', reason: 'software' });
  // The addon (0.1 MB of script) loads with the first terminal drawn with WebGL; xterm draws with its DOM
  // renderer until then, and the pane is fitted again once the renderer changed.
  void import('@xterm/addon-webgl').then(({ WebglAddon }) => attachWebgl(term, new WebglAddon(), refit), () => set(term, { kind: 'dom', reason: 'failed' }));
}

function attachWebgl(term: Terminal, addon: WebglAddon, refit: () => void): void {
  try {
    term.loadAddon(addon);
  } catch {
    addon.dispose();
    return set(term, { kind: 'dom', reason: 'failed' });
  }
  // The GPU process can drop the context (driver reset, sleep, too many contexts). Disposing the addon puts
  // xterm's DOM renderer back, whose style elements must go through the CSP-safe path like at open.
  addon.onContextLoss(() => {
    withCspSafeStyles(() => addon.dispose());
    set(term, { kind: 'dom', reason: 'contextLost' });
    refit();
  });
  set(term, { kind: 'webgl' });
  refit();
}

export function rendererOf(term: Terminal): RendererState | undefined {
  return states.get(term);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTerminalRenderer(term: Terminal): RendererState | undefined {
  return useSyncExternalStore(subscribe, () => states.get(term));
}
