/**
 * Two builds' launch to an interactive queue, in turns on one store and one Chromium, so that neither gets the
 * quieter minutes: `tsx bench/startup/alternate.ts OTHER_TREE [pairs]` compares OTHER_TREE/dist/cli.js (built)
 * with this tree's. Prints each launch's steps and the medians, with the load average beside them.
 * `ATELIER_BENCH_SERVE_ONLY=1`: serve alone, launch to its printed address, wall and CPU (no browser).
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from '../../test/setup/chromium';
import { REPO_ROOT } from '../../test/setup/serve-process';
import { median } from '../process-time';
import { startServeProcess } from '../../test/setup/serve-process';
import { launchToInteractive, processCpuMs, storeWith, type LaunchCpu, type Phases } from './queue';

const [other, pairsArg] = process.argv.slice(2);
if (!other) throw new Error('usage: alternate.ts OTHER_TREE [pairs]: OTHER_TREE holds a built dist/cli.js');
const pairs = Number(pairsArg ?? 3);
if (!Number.isInteger(pairs) || pairs < 1 || pairs > 50) throw new Error(`pairs: a whole number from 1 to 50, not "${pairsArg}"`);
const sides = { before: join(resolve(other), 'dist', 'cli.js'), after: join(REPO_ROOT, 'dist', 'cli.js') };
const load = () => loadavg()[0]!.toFixed(1);
const show = (p: Phases & { cpu: LaunchCpu }) =>
  `served ${p.served.toFixed(0)}, page ${p.page.toFixed(0)}, loaded ${p.loaded.toFixed(0)}, rows ${p.rows.toFixed(0)}, j ${p.interactive.toFixed(0)}; CPU serve ${p.cpu.serveMs.toFixed(0)}, page ${p.cpu.pageMs.toFixed(0)}`;

const dataDir = await storeWith(10_000);

/** Serve alone: launch to the printed address, wall and CPU (all threads) at that moment. */
async function serveOnly(cli: string): Promise<{ wall: number; cpu: number }> {
  const started = performance.now();
  const app = await startServeProcess({ dataDir, cli });
  const wall = performance.now() - started;
  const cpu = processCpuMs(app.child.pid!);
  await app.stop();
  return { wall, cpu };
}

if (process.env.ATELIER_BENCH_SERVE_ONLY === '1') {
  for (const cli of Object.values(sides)) await serveOnly(cli);
  const runs: Record<keyof typeof sides, { wall: number; cpu: number }[]> = { before: [], after: [] };
  for (let i = 0; i < pairs; i++) {
    for (const side of (i % 2 === 0 ? ['before', 'after'] : ['after', 'before']) as (keyof typeof sides)[]) {
      const run = await serveOnly(sides[side]);
      runs[side].push(run);
      process.stdout.write(`# ${side.padEnd(6)} served ${run.wall.toFixed(0)} ms, CPU ${run.cpu.toFixed(0)} ms  (load ${load()})\n`);
    }
  }
  for (const side of ['before', 'after'] as const) {
    process.stdout.write(`${side.padEnd(6)} median of ${pairs}: served ${median(runs[side].map((r) => r.wall)).toFixed(0)} ms, CPU ${median(runs[side].map((r) => r.cpu)).toFixed(0)} ms  (load ${load()})\n`);
  }
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
}

const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, timeout: 60_000 });
try {
  for (const cli of Object.values(sides)) await launchToInteractive(browser, dataDir, cli); // warm-up, not counted
  const runs: Record<keyof typeof sides, (Phases & { cpu: LaunchCpu })[]> = { before: [], after: [] };
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
    const cpu = (key: keyof LaunchCpu) => median(runs[side].map((r) => r.cpu[key]));
    const medians = { served: m('served'), page: m('page'), loaded: m('loaded'), rows: m('rows'), interactive: m('interactive'), cpu: { serveMs: cpu('serveMs'), pageMs: cpu('pageMs') } };
    process.stdout.write(`${side.padEnd(6)} median of ${pairs}: ${show(medians)}  (load ${load()})\n`);
  }
} finally {
  await browser.close();
  rmSync(dataDir, { recursive: true, force: true });
}
