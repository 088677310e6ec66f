import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import type { ServeProcess } from '../../test/setup/serve-process';
import { processMemory } from '../process-time';
import { openTerminalInPage, terminalScreen, timeCtrlCUnderFlood, waitForScreen } from '../../test/setup/terminal-client';

/**
 * `terminal.flood_ctrl_c_ms`: the app in Chromium (serve mode, the project's Chromium flags), a terminal
 * running `yes` for FLOOD_MS, then Ctrl-C. Measured in the page from the Ctrl-C keydown to the first frame
 * showing the output of a command typed right after it (see timeCtrlCUnderFlood): every byte of the flood
 * already on its way has been drawn by then. `terminal.flood_core_rss_mb`: the serve process's (the core's)
 * highest resident memory, sampled every 50 ms through all the floods.
 */
export interface FloodBenchOptions {
  app: ServeProcess;
  host: string;
  runs: number;
  floodMs: number;
}

export interface FloodResult {
  samplesMs: number[];
  renderer: string;
  baseRssMb: number;
  peakRssMb: number;
}

const rssMb = (pid: number) => processMemory(pid).rssMb;

export async function floodCtrlC(options: FloodBenchOptions): Promise<FloodResult> {
  const pid = options.app.child.pid;
  if (pid === undefined) throw new Error('the serve process has no pid');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 30_000 });
  let peakRssMb = 0;
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, rssMb(pid))), 50);
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 820 } });
    page.setDefaultTimeout(30_000);
    await page.goto(options.app.url);
    await openTerminalInPage(page, options.host);
    const reason = (await page.getByTestId('terminal-renderer').getAttribute('data-reason')) ?? '';
    const kind = (await page.locator('.terminal-panel:not([hidden]) .terminal-host').getAttribute('data-renderer')) ?? '?';
    if (kind !== 'dom') throw new Error(`the flood is timed on the DOM renderer's text; this page draws with ${kind}`);
    const baseRssMb = rssMb(pid);
    peakRssMb = baseRssMb;
    const samplesMs: number[] = [];
    for (let run = 0; run < options.runs; run++) {
      await page.keyboard.type('clear; yes');
      await page.keyboard.press('Enter');
      await page.waitForTimeout(options.floodMs);
      // The flood must have been drawing (not stuck) when interrupted.
      if (!/^y$/m.test(await terminalScreen(page))) throw new Error(`run ${run + 1}: no \`yes\` output on screen after ${options.floodMs} ms`);
      samplesMs.push(await timeCtrlCUnderFlood(page, 60_000));
      await waitForScreen(page, /FLOOD-STOPPED-42\s*\n\$/, 10_000);
    }
    return { samplesMs, renderer: reason ? `${kind} (${reason})` : kind, baseRssMb, peakRssMb };
  } finally {
    clearInterval(sampler);
    await browser.close();
  }
}
