import type { ErrorBody } from '../../shared/contract/errors';
import { HTTP_SESSION_PATH, TOKEN_QUERY, type PreloadBridge, type SessionGrant } from '../../shared/contract/wire';

// Kept apart from transport.ts and free of the contract's schemas: early.ts starts the session from here
// before the rest of the page's script is evaluated.

/** Electron's preload bridge, when the page runs in the desktop app; serve mode has none. */
export function preloadBridge(): PreloadBridge | undefined {
  return (window as unknown as { atelier?: PreloadBridge }).atelier;
}

/** Where a tab keeps its serve-mode session token: this origin (scheme, host and port) and this tab only. */
export const SESSION_STORAGE_KEY = 'atelier.session';

/** Why the page has no session, as the contract's error body (transport.ts makes it an AtelierError). */
export class SessionRefused extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

function signedOut(): SessionRefused {
  return new SessionRefused({ code: 'unauthorized', message: 'open the address printed by `atelier serve` (it carries this launch\'s secret)' });
}

export interface ServeSession {
  /** The token to send; a fresh secret in the address wins over a token kept from an earlier launch. */
  token(): Promise<string>;
  /** The server no longer knows the token (a new launch): drop it, the page must be opened anew. */
  forget(): void;
  /**
   * A credential to send right now, without waiting: the address's launch secret until it is traded (the
   * server takes it on every call, as scripts send it), else the token kept by this tab. For the boot's first
   * calls (early.ts), which the page's script is still too busy to chain after the trade.
   */
  bearerNow(): string | undefined;
}

/**
 * The tab's serve-mode credential. The printed URL's secret is read once, wiped from the address bar (so
 * reloads, bookmarks and history keep none), and traded for a session token of this tab, kept in
 * sessionStorage: a reload or a duplicated tab goes on, another origin or port never sees it. No cookie is
 * ever used: a browser sends 127.0.0.1's cookies to every port of 127.0.0.1, so to any local server.
 */
export function serveSession(base: Location = window.location, storage: Storage = window.sessionStorage): ServeSession {
  const url = new URL(base.href);
  let secret = url.searchParams.get(TOKEN_QUERY) ?? undefined;
  if (secret !== undefined) {
    url.searchParams.delete(TOKEN_QUERY);
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }
  let current: Promise<string> | undefined;

  const exchange = async (launchSecret: string): Promise<string> => {
    let response: Response;
    try {
      response = await fetch(HTTP_SESSION_PATH, { method: 'POST', headers: { authorization: `Bearer ${launchSecret}` }, credentials: 'omit' });
    } catch {
      throw new SessionRefused({ code: 'unavailable', message: 'the Atelier core is not reachable' });
    }
    const body = (await response.json().catch(() => ({}))) as { ok?: boolean; result?: SessionGrant };
    if (!response.ok || !body.result) throw signedOut();
    secret = undefined;
    storage.setItem(SESSION_STORAGE_KEY, body.result.session);
    return body.result.session;
  };

  return {
    token() {
      current ??= (async () => {
        if (secret !== undefined) return exchange(secret);
        const kept = storage.getItem(SESSION_STORAGE_KEY);
        if (kept) return kept;
        throw signedOut();
      })().catch((error: unknown) => {
        current = undefined;
        throw error;
      });
      return current;
    },
    forget() {
      storage.removeItem(SESSION_STORAGE_KEY);
      current = undefined;
    },
    bearerNow() {
      return secret ?? storage.getItem(SESSION_STORAGE_KEY) ?? undefined;
    },
  };
}

let ofThisPage: ServeSession | undefined;

/** The page's one session (the address's secret can be read only once). */
export function pageSession(): ServeSession {
  return (ofThisPage ??= serveSession());
}
