import { describe, expect, it } from 'vitest';
import { lazyView, retryFailedViews } from '../../../renderer/lazy-view';

function View(): null {
  return null;
}

describe('lazyView', () => {
  it('fetches a view once, however many times it is preloaded', async () => {
    let loads = 0;
    const view = lazyView(
      async () => {
        loads++;
        return { View };
      },
      (module) => module.View,
    );
    const [first, second] = await Promise.all([view.preload(), view.preload()]);
    await view.preload();
    expect(loads).toBe(1);
    expect(first).toBe(second);
    expect(first).toEqual({ default: View });
  });

  it('tries a failed fetch again the next time instead of keeping the failure', async () => {
    let loads = 0;
    const view = lazyView(
      async () => {
        loads++;
        if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
        return { View };
      },
      (module) => module.View,
    );
    await expect(view.preload()).rejects.toThrow('Failed to fetch');
    await expect(view.preload()).resolves.toEqual({ default: View });
    expect(loads).toBe(2);
  });
});

describe('lazyView in React', () => {
  it('keeps showing a failed fetch until asked to try again, then shows the view', async () => {
    const { createElement, Suspense } = await import('react');
    const { prerenderToNodeStream } = await import('react-dom/static');
    const html = async (element: ReturnType<typeof createElement>) => {
      const errors: unknown[] = [];
      const { prelude } = await prerenderToNodeStream(element, { onError: (error) => void errors.push(error) });
      let text = '';
      for await (const chunk of prelude) text += String(chunk);
      return { text, errors };
    };
    let loads = 0;
    const view = lazyView(
      async () => {
        loads++;
        if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
        return { Greeting: ({ name }: { name: string }) => createElement('p', null, `hello ${name}`) };
      },
      (module) => module.Greeting,
    );
    const page = () => createElement(Suspense, { fallback: createElement('p', null, 'loading') }, createElement(view, { name: 'N1' }));
    const failed = await html(page());
    expect(failed.errors).toHaveLength(1);
    expect(failed.text).not.toContain('hello');
    // Rendering again is not trying again: the failure stays (each render fetching anew would never end).
    expect((await html(page())).errors).toHaveLength(1);
    expect(loads).toBe(1);
    retryFailedViews();
    const shown = await html(page());
    expect(shown.errors).toEqual([]);
    expect(shown.text).toContain('hello N1');
    expect(loads).toBe(2);
  });
});

describe('a preloaded view', () => {
  it('renders at once, with no loading state in between', async () => {
    const { createElement, Suspense } = await import('react');
    const { renderToString } = await import('react-dom/server');
    const view = lazyView(
      async () => ({ Greeting: ({ name }: { name: string }) => createElement('p', null, `hello ${name}`) }),
      (module) => module.Greeting,
    );
    const page = () => createElement(Suspense, { fallback: createElement('p', null, 'loading') }, createElement(view, { name: 'N2' }));
    // renderToString does not wait for anything suspended: what it shows is what the first frame would.
    expect(renderToString(page())).toContain('loading');
    await view.preload();
    expect(renderToString(page())).toContain('hello N2');
  });
});
