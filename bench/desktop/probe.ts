import type { Page } from '@playwright/test';

/**
 * What a viewer page shows, read where the viewer draws: one pixel of noVNC's canvas, checked on every
 * animation frame. The same probe runs in the app's page and in the direct baseline page.
 */
export const PROBE_POINT = { x: 10, y: 10 } as const;

function pixelScript(selector: string): string {
  return `(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    if (!canvas) return null;
    const d = canvas.getContext('2d').getImageData(${PROBE_POINT.x}, ${PROBE_POINT.y}, 1, 1).data;
    return '#' + [d[0], d[1], d[2]].map((v) => v.toString(16).padStart(2, '0')).join('');
  })`;
}

/** Arms a wait for the probe pixel to turn `colour`: resolves (in page) with the epoch time, high resolution. */
export async function armColour(page: Page, selector: string, colour: string, timeoutMs: number): Promise<void> {
  await page.evaluate(`(() => {
    const read = ${pixelScript(selector)};
    window.deskSeen = new Promise((resolve, reject) => {
      const started = performance.now();
      const frame = () => {
        const now = performance.now();
        if (read() === ${JSON.stringify(colour)}) return resolve(performance.timeOrigin + now);
        if (now - started > ${timeoutMs}) return reject(new Error('the viewer did not show ${colour} within ${timeoutMs} ms'));
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
  })()`);
}

export async function seenAt(page: Page): Promise<number> {
  return Number(await page.evaluate('window.deskSeen'));
}

/** Counts the animation frames in which the probe pixel changed, over `ms`: screen updates shown per second. */
export async function framesShown(page: Page, selector: string, ms: number): Promise<number> {
  const changes = await page.evaluate(`(async () => {
    const read = ${pixelScript(selector)};
    let last = read();
    let changes = 0;
    const started = performance.now();
    await new Promise((resolve) => {
      const frame = () => {
        const now = read();
        if (now !== last) changes++;
        last = now;
        if (performance.now() - started >= ${ms}) return resolve();
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    });
    return changes;
  })()`);
  return (Number(changes) * 1000) / ms;
}

/**
 * Counts the bytes of the WebSocket messages a page receives (`window.deskBytesIn`), from its first script on:
 * the screen's bytes as the viewer gets them, for noVNC's own socket and for the app's stream socket alike.
 */
export const COUNT_SOCKET_BYTES = `(() => {
  window.deskBytesIn = 0;
  const count = (event) => {
    const data = event.data;
    window.deskBytesIn += typeof data === 'string' ? data.length : (data.byteLength ?? data.size ?? 0);
  };
  window.WebSocket = new Proxy(window.WebSocket, {
    construct(target, args, newTarget) {
      const socket = Reflect.construct(target, args, newTarget);
      socket.addEventListener('message', count);
      return socket;
    },
  });
})();`;

export async function bytesIn(page: Page): Promise<number> {
  return Number(await page.evaluate('window.deskBytesIn'));
}
