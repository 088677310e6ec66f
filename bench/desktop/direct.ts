import { createReadStream, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';
import { WebSocketServer } from 'ws';
import { REPO_ROOT } from '../../test/setup/serve-process';

/**
 * The baseline viewer: noVNC (the same package the app bundles) in a blank page, connected straight to the
 * VNC server through a plain local WebSocket-to-TCP bridge on loopback: no SSH, no contract, no app.
 */
export interface DirectViewer {
  url: string;
  close(): Promise<void>;
}

const NOVNC = join(REPO_ROOT, 'node_modules', '@novnc', 'novnc');

function page(wsPort: number, password: string): string {
  return `<!doctype html><meta charset="utf-8"><title>noVNC direct</title>
<body style="margin:0"><div id="screen" style="width:1090px;height:620px;background:#10151b"></div>
<script type="module">
import RFB from '/novnc/core/rfb.js';
const rfb = new RFB(document.getElementById('screen'), 'ws://127.0.0.1:${wsPort}', { credentials: { password: ${JSON.stringify(password)} }, shared: true });
rfb.scaleViewport = true;
rfb.viewOnly = true;
rfb.addEventListener('connect', () => (window.deskReady = true));
rfb.addEventListener('disconnect', () => (window.deskReady = false));
</script></body>`;
}

export async function startDirectViewer(vncPort: number, password: string): Promise<DirectViewer> {
  const bridge = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => bridge.once('listening', () => resolve()));
  bridge.on('connection', (socket) => {
    const tcp = connect({ host: '127.0.0.1', port: vncPort });
    tcp.setNoDelay(true);
    tcp.on('data', (chunk) => socket.send(chunk));
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.close());
    socket.on('message', (data: Buffer) => tcp.write(data));
    socket.on('close', () => tcp.destroy());
  });
  const wsPort = (bridge.address() as AddressInfo).port;
  const http: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(page(wsPort, password));
      return;
    }
    const file = normalize(join(NOVNC, path.replace(/^\/novnc\//, '/')));
    if (!path.startsWith('/novnc/') || !file.startsWith(NOVNC) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/`,
    async close() {
      for (const client of bridge.clients) client.terminate();
      await new Promise<void>((resolve) => bridge.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
