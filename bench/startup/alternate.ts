/**
 * Two builds' launch to an interactive queue, in turns on one store and one Chromium, so that neither gets the
 * quieter minutes: `tsx bench/startup/alternate.ts OTHER_TREE [pairs]` compares OTHER_TREE/dist/cli.js (built)
 * with this tree's. Prints each launch's steps and the medians, with the load average beside them.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import { REPO_ROOT } from '../../test/setup/serve-process';
import { median } from '../process-time';
import { launchToInteractive, storeWith, type Phases } from './queue';

const [other, pairsArg] = process.argv.slice(2);
if (!other) throw new Error('usage: alternate.ts OTHER_TREE [pairs]: OTHER_TREE holds a built dist/cli.js');
const pairs = Number(pairsArg ?? 3);
if (!Number.isInteger(pairs) || pairs < 1 || pairs > 50) throw new Error(`pairs: a whole number from 1 to 50, not "${pairsArg}"`);
const sides = { before: join(resolve(other), 'dist', 'cli.js'), after: join(REPO_ROOT, 'dist', 'cli.js') };
const load = () => loadavg()[0]!.toFixed(1);
const show = (p: Phases) => `served ${p.served.toFixed(0)}, page ${p.page.toFixed(0)}, loaded ${p.loaded.toFixed(0)}, rows ${p.rows.toFixed(0)}, j ${p.interactive.toFixed(0)}`;

const dataDir = await storeWith(10_000);
const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 60_000 });
try {
  for (const cli of Object.values(sides)) await launchToInteractive(browser, dataDir, cli); // warm-up, not counted
  const runs: Record<keyof typeof sides, Phases[]> = { before: [], after: [] };
  for (let i = 0; i < pairs; i++) {
    // Alternate which side goes first, so that neither always follows the other's exit.
    const order = (i % 2 === 0 ? ['before', 'after'] : ['after', 'before']) as (keyof typeof sides)[];
    for (const side of order) {
      const phases = await launchToInteractive(browser, dataDir, sides[side]);
      runs[side].push(phases);
      process.stdout.write(`# ${side.padEnd(6)} ${show(phases)}  (load ${load()})\n`);
    }
  }
  for (const side of ['before', 'after'] as const) {
    const m = (key: keyof Phases) => median(runs[side].map((r) => r[key]));
    process.stdout.write(`${side.padEnd(6)} median of ${pairs}: ${show({ served: m('served'), page: m('page'), loaded: m('loaded'), rows: m('rows'), interactive: m('interactive') })}  (load ${load()})\n`);
  }
} finally {
  await browser.close();
  rmSync(dataDir, { recursive: true, force: true });
}
