import { join, normalize, relative, isAbsolute } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { app, BrowserWindow, ipcMain, net, protocol, session, shell, type IpcMainInvokeEvent } from 'electron';
import { IPC_CALL_CHANNEL, IPC_STREAM_CHANNEL, contentSecurityPolicy } from '../../shared/contract';
import type { Core } from '../core';
import { openCoreForWindow } from '../core/store-gate';
import { errorBody } from '../core/dispatch';
import { resolveDataDir, STORE_FILE } from '../core/paths';
import { startStoreCheck } from '../core/db/store-check';
import { rendererDir } from '../core/version';
import { APP_ORIGIN, APP_SCHEME, isAppUrl, isSafeExternalUrl } from './trust';
import { safeStorageKeyring } from './keyring';

// The Electron shell only: a window, the renderer's protocol, the IPC binding of the contract.
// Everything else lives in the core, which runs the same in serve mode.

// codeCache: V8 keeps the renderer's compiled script between launches, as it does for http(s) pages; without
// it the window compiles the whole script at every start (docs/performance.md, session 9).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
]);

function dataDirFromArgs(argv: readonly string[]): string | undefined {
  const index = argv.indexOf('--data-dir');
  return index >= 0 ? argv[index + 1] : undefined;
}

function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const path = normalize(decodeURIComponent(new URL(request.url).pathname)).replace(/^[/\\]+/, '');
    const file = join(root, path === '' ? 'index.html' : path);
    const inside = relative(root, file);
    if (inside.startsWith('..') || isAbsolute(inside)) return new Response('forbidden', { status: 403 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('content-security-policy', contentSecurityPolicy());
    headers.set('x-content-type-options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

function bindContract(core: Core, window: BrowserWindow): void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event: IpcMainInvokeEvent, name: unknown, input: unknown) => {
    // Only the app's own top frame in our window may call the core.
    const frame = event.senderFrame;
    if (event.sender !== window.webContents || !frame || frame.parent !== null || !isAppUrl(frame.url)) {
      return { ok: false, error: { code: 'forbidden', message: 'call from an untrusted frame' } };
    }
    try {
      return { ok: true, result: await core.dispatch(String(name), input) };
    } catch (error) {
      return { ok: false, error: errorBody(error, core.log, String(name)) };
    }
  });
  const unsubscribe = core.bus.subscribe((message) => {
    if (!window.isDestroyed()) window.webContents.send(IPC_STREAM_CHANNEL, message);
  });
  window.on('closed', unsubscribe);
}

function lockDown(): void {
  // Notifications only: the Health view announces new failures once the person asks for it there.
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permission === 'notifications'));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permission === 'notifications');
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (isSafeExternalUrl(url)) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(dataDirFromArgs(process.argv));
  // The store's quick check reads the whole file: it runs on another thread while Electron gets ready.
  const checking = startStoreCheck(join(dataDir, STORE_FILE));
  await app.whenReady();
  lockDown();
  // An empty store opens the window all the same: the renderer asks before a new store is started.
  const keyring = safeStorageKeyring(dataDir);
  const checked = await checking;
  const core = openCoreForWindow({ dataDir, ...(keyring ? { keyring } : {}), ...(checked ? { checked } : {}) });
  serveRenderer(rendererDir());
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    title: 'Atelier',
    show: false,
    webPreferences: {
      preload: join(fileURLToPath(new URL('.', import.meta.url)), 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // Middle-click would otherwise open links in a new window, around the navigation guard.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  bindContract(core, window);
  window.once('ready-to-show', () => window.show());
  await window.loadURL(`${APP_ORIGIN}/index.html`);
  app.on('window-all-closed', () => {
    core.close();
    app.quit();
  });
}

start().catch((error: unknown) => {
  process.stderr.write(`atelier: ${error instanceof Error ? error.message : String(error)}\n`);
  app.exit(1);
});
