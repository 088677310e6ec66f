import { createElement, lazy, useState, type ComponentType, type FunctionComponent } from 'react';

/** A view whose code is its own chunk: React renders it once fetched; `preload` fetches it ahead of time. */
export type LazyView<P> = FunctionComponent<P> & { preload(): Promise<{ default: ComponentType<P> }> };

/** What makes each view whose fetch failed fetch again the next time it is shown. */
const failed = new Set<() => void>();

/**
 * The views whose code could not be fetched (the server gone, a page older than a rebuild) are fetched again
 * the next time they are shown. React keeps a lazy component's failure for good, so this gives each a new
 * one; until then the failure stays, and shows, instead of being fetched again on every render.
 */
export function retryFailedViews(): void {
  for (const renew of failed) renew();
  failed.clear();
}

/**
 * `load` imports the view's module and `pick` takes the view from it. Once fetched, the view renders at once
 * (React's lazy component would still wait a turn for a promise already settled).
 */
export function lazyView<M, P extends object>(load: () => Promise<M>, pick: (module: M) => ComponentType<P>): LazyView<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  let loaded: ComponentType<P> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => {
        loaded = pick(module);
        return { default: loaded };
      },
      (error: unknown) => {
        loading = undefined;
        failed.add(() => (Lazy = lazy(preload)));
        throw error;
      },
    ));
  let Lazy = lazy(preload);
  // Chosen once per mount: switching from the lazy wrapper to the view itself would remount it, losing its state.
  const View = (props: P) => createElement(useState(() => loaded ?? Lazy)[0], props);
  return Object.assign(View, { preload });
}
