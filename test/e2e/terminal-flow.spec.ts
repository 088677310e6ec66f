import type { Request, WebSocket } from '@playwright/test';
import { TERMINAL_WINDOW_BYTES } from '../../electron/core/ssh/terminals';
import { SOCKET_CALLS, decodeBinaryMessage } from '../../shared/contract/wire';
import { addTrustedHost, openTerminalInPage, waitForScreen } from '../setup/terminal-client';
import { expect, test } from './fixtures';
import { useSshdWithClientKey } from './helpers';

const box = useSshdWithClientKey();

/** What the page's stream socket carried for terminals, seen from the browser's side. */
function watchStreamSocket(socket: WebSocket) {
  const seen = { received: 0, acked: 0, maxUnacked: 0, binaryOutputs: 0, jsonOutputs: 0, socketCalls: new Map<string, number>() };
  socket.on('framereceived', ({ payload }) => {
    if (typeof payload === 'string') {
      if ((JSON.parse(payload) as { stream?: string }).stream === 'terminal.output') seen.jsonOutputs++;
      return;
    }
    const message = decodeBinaryMessage(payload);
    if (message?.stream !== 'terminal.output') return;
    seen.binaryOutputs++;
    seen.received += (message.payload.data as Uint8Array).length;
    seen.maxUnacked = Math.max(seen.maxUnacked, seen.received - seen.acked);
  });
  socket.on('framesent', ({ payload }) => {
    const sent = JSON.parse(String(payload)) as { call: string; input: { bytes?: number } };
    seen.socketCalls.set(sent.call, (seen.socketCalls.get(sent.call) ?? 0) + 1);
    if (sent.call === 'terminal.ack') seen.acked += sent.input.bytes ?? 0;
  });
  return seen;
}

test('terminal output arrives as binary frames and is acknowledged on the same socket, within the credit window', async ({ page, app }) => {
  let stream: ReturnType<typeof watchStreamSocket> | undefined;
  page.on('websocket', (socket) => {
    if (socket.url().endsWith('/api/streams')) stream = watchStreamSocket(socket);
  });
  // The socket opens with the page; reload so the watcher sees it from its first frame.
  await page.reload();
  await page.locator('html[data-ready="true"]').waitFor({ state: 'attached' });
  await addTrustedHost(app, 'box', box.sshd, box.key.privateKeyFile);
  await openTerminalInPage(page, 'box');
  expect(stream, 'the page opened its stream socket').toBeDefined();

  const httpTerminalCalls: string[] = [];
  page.on('request', (request: Request) => {
    const name = decodeURIComponent(new URL(request.url()).pathname.split('/api/call/')[1] ?? '');
    if (SOCKET_CALLS.has(name)) httpTerminalCalls.push(name);
  });
  const total = 6 * 1024 * 1024;
  // Six windows' worth: the output can only finish if acks keep coming back on the socket.
  await page.keyboard.type(`yes | head -c ${total}; echo FLOW-DONE-$((40+2))`);
  await page.keyboard.press('Enter');
  await waitForScreen(page, /FLOW-DONE-42\s*\n\$/, 120_000);

  const seen = stream as NonNullable<typeof stream>;
  expect(seen.received).toBeGreaterThan(total);
  expect(seen.jsonOutputs, 'no terminal output as base64 JSON').toBe(0);
  expect(seen.binaryOutputs).toBeGreaterThan(0);
  expect(httpTerminalCalls, 'acks go on the socket, not as HTTP calls').toEqual([]);
  expect(seen.socketCalls.get('terminal.ack') ?? 0).toBeGreaterThan(10);
  // The page acks what it drew, so by the end of a long output nearly all of it is acknowledged.
  expect(seen.acked).toBeGreaterThan(total);
  // The core sends past the window at most the merged chunk that crossed it (64 KiB); one more for timing.
  expect(seen.maxUnacked).toBeGreaterThan(64 * 1024);
  expect(seen.maxUnacked).toBeLessThanOrEqual(TERMINAL_WINDOW_BYTES + 2 * 64 * 1024);
});
