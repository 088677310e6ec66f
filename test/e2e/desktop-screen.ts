import type { Page } from '@playwright/test';

/** The RGB of the viewer's canvas at a point of the remote screen. */
export async function canvasPixel(page: Page, x: number, y: number): Promise<number[]> {
  return await page.locator('[data-testid="desktop-screen"] canvas').evaluate(
    (canvas: HTMLCanvasElement, [px, py]) => [...(canvas.getContext('2d')?.getImageData(px as number, py as number, 1, 1).data ?? [])].slice(0, 3),
    [x, y],
  );
}

/** Where, in the page, a point of the remote screen is drawn (the canvas may be scaled to the window). */
export async function pagePoint(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.locator('[data-testid="desktop-screen"] canvas');
  const rect = await canvas.boundingBox();
  const size = await canvas.evaluate((c: HTMLCanvasElement) => ({ width: c.width, height: c.height }));
  if (!rect) throw new Error('the remote screen is not shown');
  return { x: rect.x + ((x + 0.5) * rect.width) / size.width, y: rect.y + ((y + 0.5) * rect.height) / size.height };
}
