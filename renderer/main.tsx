import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { StoreNotice } from './shell/StoreNotice';
import { AtelierError } from '../shared/contract';
import { client } from './api/client';
import { effectiveLanguage, initI18n } from './i18n';
import { SignedOut } from './shell/SignedOut';
import { prefetchQueue } from './views/queue/prefetch';
import { applyTheme } from './theme';
import './styles.css';

async function boot(): Promise<void> {
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  // Language and theme come from the store before the first paint, so nothing flickers. The store's state and
  // the queue's first screen are asked for at the same time: a store that is not open, or a page with no
  // session, answers them with errors the first screen never shows (it shows the store's notice or the
  // signed-out page instead).
  const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 5_000 } } });
  prefetchQueue(queries);
  const [settings, store] = await Promise.all([
    client.call('settings.get', {}).catch((error: unknown) => {
      if (error instanceof AtelierError && error.code === 'unauthorized') return undefined;
      return { language: 'system', theme: 'system' } as const;
    }),
    client.call('store.state', {}).catch(() => ({ state: 'open' }) as const),
  ]);
  await initI18n(effectiveLanguage(settings?.language ?? 'system'));
  applyTheme(settings?.theme ?? 'system');
  if (!settings) {
    createRoot(root).render(<SignedOut />);
    return;
  }
  if (store.state === 'empty') {
    // The store waits for the user's word; once a new one is open, the page starts over with it.
    createRoot(root).render(<StoreNotice store={store} onReady={() => window.location.reload()} />);
    return;
  }
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queries}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}

void boot();
