/**
 * HTML -> PDF with Chromium's headless print, so a PDF never needs Electron (the desktop shell may use
 * printToPDF instead). Chromium is found through ATELIER_CHROMIUM, then the usual names on PATH.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { AtelierError } from '../../../shared/contract';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [env.ATELIER_CHROMIUM, ...(env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => NAMES.map((name) => join(dir, name)))];
  for (const file of candidates) {
    if (!file) continue;
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not there: try the next one
    }
  }
  return null;
}

export class ChromiumMissingError extends AtelierError {
  constructor() {
    super(
      'unavailable',
      'Printing to PDF needs Chromium or Google Chrome, and none was found. Install Chromium (Debian: apt install chromium) or set ATELIER_CHROMIUM to its path; the HTML report works without it.',
    );
    this.name = 'ChromiumMissingError';
  }
}

/** Prints a self-contained HTML page to PDF bytes. Cancelled by `signal`; gives up after `timeoutMs`. */
export async function htmlToPdf(html: string, options: { signal?: AbortSignal; timeoutMs?: number; chromium?: string } = {}): Promise<Buffer> {
  const chromium = options.chromium ?? findChromium();
  if (!chromium) throw new ChromiumMissingError();
  const dir = await mkdtemp(join(tmpdir(), 'atelier-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const out = join(dir, 'report.pdf');
    await writeFile(page, html, 'utf8');
    await new Promise<void>((resolve, reject) => {
      execFile(
        chromium,
        [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-extensions',
          '--no-first-run',
          '--no-pdf-header-footer',
          '--print-to-pdf-no-header',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--print-to-pdf=${out}`,
          `file://${page}`,
        ],
        { timeout: options.timeoutMs ?? 60_000, ...(options.signal ? { signal: options.signal } : {}) },
        (error) => (error ? reject(error) : resolve()),
      );
    }).catch((error: unknown) => {
      if (options.signal?.aborted) throw new AtelierError('cancelled', 'PDF printing was cancelled');
      throw new AtelierError('internal', `Chromium could not print the report: ${(error as Error).message.split('\n')[0] ?? ''}`);
    });
    const pdf = await readFile(out).catch(() => {
      throw new AtelierError('internal', 'Chromium ran but wrote no PDF');
    });
    if (pdf.subarray(0, 5).toString() !== '%PDF-') throw new AtelierError('internal', 'Chromium wrote a file that is not a PDF');
    return pdf;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
