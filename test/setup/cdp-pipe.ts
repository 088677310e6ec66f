import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

/**
 * Chromium driven over the DevTools pipe with nothing but the calls a bench makes: no Network domain.
 * Playwright enables it on every page, and Chromium then copies each WebSocket frame, base64-encoded, to
 * the driver (`Network.webSocketFrameReceived`): work a user's browser never does, and on a page whose
 * output arrives over a WebSocket it is most of what the page spends (see docs/performance.md, session 8).
 */
export interface CdpPage {
  /** Evaluates `expression` in the page (awaiting a promise) and returns its JSON value. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
}

export interface CdpBrowser {
  /** The browser process's id. */
  readonly pid: number | undefined;
  newPage(url: string, size: { width: number; height: number }): Promise<CdpPage>;
  /** A browser-level call (no target). */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Resolves with the params of the next event named `method`. */
  next(method: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

interface Pending {
  resolve: (value: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

export async function launchCdpBrowser(timeoutMs = 30_000): Promise<CdpBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'atelier-cdp-'));
  const child: ChildProcess = spawn(
    chromiumPath(),
    [...CHROMIUM_ARGS, '--headless', '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--hide-scrollbars', '--mute-audio', 'about:blank'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  const pending = new Map<number, Pending>();
  const awaited = new Map<string, (params: Record<string, unknown>) => void>();
  let nextId = 1;
  let buffered = '';
  fromBrowser.setEncoding('utf8');
  fromBrowser.on('data', (text: string) => {
    buffered += text;
    // Messages are separated by a NUL byte on the pipe.
    for (let end = buffered.indexOf('\0'); end >= 0; end = buffered.indexOf('\0')) {
      const message = JSON.parse(buffered.slice(0, end)) as { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string } };
      buffered = buffered.slice(end + 1);
      if (message.method) awaited.get(message.method)?.(message.params ?? {});
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id as number);
      if (message.error) waiting.reject(new Error(`CDP: ${message.error.message}`));
      else waiting.resolve(message.result ?? {});
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => {
    for (const waiting of pending.values()) waiting.reject(new Error('CDP: Chromium exited'));
    pending.clear();
  });

  const send = <T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> => {
    const id = nextId++;
    const answer = new Promise<Record<string, unknown>>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      const timer = setTimeout(() => {
        if (pending.delete(id)) reject(new Error(`CDP: ${method} had no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
    });
    toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    return answer as Promise<T>;
  };

  return {
    pid: child.pid,
    async newPage(url, size) {
      const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url: 'about:blank' });
      const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      const page: CdpPage = {
        send: (method, params) => send(method, params, sessionId),
        async evaluate<T>(expression: string): Promise<T> {
          const { result, exceptionDetails } = await send<{ result: { value?: T }; exceptionDetails?: { exception?: { description?: string }; text: string } }>(
            'Runtime.evaluate',
            { expression, awaitPromise: true, returnByValue: true },
            sessionId,
          );
          if (exceptionDetails) throw new Error(`in the page: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
          return result.value as T;
        },
      };
      await page.send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: 1, mobile: false });
      await page.send('Page.navigate', { url });
      return page;
    },
    send: (method, params) => send(method, params),
    next: (method) => new Promise((resolve) => awaited.set(method, (params) => { awaited.delete(method); resolve(params); })),
    async close() {
      await send('Browser.close').catch(() => child.kill());
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    },
  };
}
