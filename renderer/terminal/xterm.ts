import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';

export interface Xterm {
  Terminal: typeof Terminal;
  FitAddon: typeof FitAddon;
}

let loading: Promise<Xterm> | undefined;

/**
 * xterm and its fit addon (a third of the app's script) load with the first terminal or replay, not with the
 * first screen, whose script the page compiles at every launch (docs/performance.md, session 9). A failed
 * load is not kept, so the next attempt fetches again.
 */
export function loadXterm(): Promise<Xterm> {
  loading ??= Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).then(
    ([xterm, fit]) => ({ Terminal: xterm.Terminal, FitAddon: fit.FitAddon }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
