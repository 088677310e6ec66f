/**
 * `npm run bench -- startup`: how fast the built `atelier` command starts and how much it holds, beside
 * Node's own start and (when installed) the GLPI agent or FusionInventory Agent, its Debian predecessor, in
 * the same run, each side in turns. Needs the build (`npm run build`, or `node build/scripts/bundle.mjs` for the Node side only).
 * Wall time and peak RSS of each process come from GNU time, the same tool for every side.
 * Also the launch to an interactive queue (queue.ts) and the core's RSS with four busy terminals (terminals.ts).
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { queueInteractive } from './queue';
import { coreRssWithTerminals } from './terminals';
import { BUILT_CLI as CLI, NO_GLPI_AGENT, alternated, inventoryVsGlpiAgent, requireGnuTime } from '../process-time';

const line = (name: string, value: number, unit: string, note = '') => process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'x' ? 2 : 0)} ${unit}${note ? `  # ${note}` : ''}\n`);

// ATELIER_BENCH_STARTUP_PARTS=cli,queue,terminals picks parts (default all); ATELIER_BENCH_BUSY_SECONDS
// (default 5) is how long each of the four terminals prints.
const ALL_PARTS = ['cli', 'queue', 'terminals'];
const PARTS = new Set((process.env.ATELIER_BENCH_STARTUP_PARTS ?? ALL_PARTS.join(',')).split(',').map((part) => part.trim()));
const unknownParts = [...PARTS].filter((part) => !ALL_PARTS.includes(part));
if (unknownParts.length > 0) throw new Error(`ATELIER_BENCH_STARTUP_PARTS: unknown part(s) ${unknownParts.join(', ')} (have: ${ALL_PARTS.join(', ')})`);
const BUSY_SECONDS = Number(process.env.ATELIER_BENCH_BUSY_SECONDS ?? 5);
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
process.stdout.write(`# load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

if (PARTS.has('cli')) {
  requireGnuTime();

  const [node, version] = alternated(5, [[process.execPath, ['-e', '0']], [process.execPath, [CLI, '--version']]]);
  line('node.start_ms', node!.ms, 'ms', 'floor: node -e 0');
  line('cli.version_ms', version!.ms, 'ms', `target < 150; ${(version!.ms / node!.ms).toFixed(2)}x the floor`);
  const { atelier: glpi, peer } = inventoryVsGlpiAgent();
  line('cli.inventory_glpi_ms', glpi.ms, 'ms');
  line('cli.inventory_glpi_rss_mb', glpi.rssMb, 'MB', 'peak, target < 80');
  if (peer) {
    line('peer.inventory_ms', peer.ms, 'ms', peer.command);
    line('peer.inventory_rss_mb', peer.rssMb, 'MB', 'peak');
    line('inventory.glpi_ratio_vs_peer', glpi.ms / peer.ms, 'x', 'target <= 1.0');
  } else {
    process.stdout.write(`# ${NO_GLPI_AGENT}: inventory.glpi_ratio_vs_peer not measured\n`);
  }
}

if (PARTS.has('queue')) {
  const { ms, samples, phases } = await queueInteractive(10_000, 3);
  const at = (key: keyof typeof phases) => phases[key].toFixed(0);
  process.stdout.write(`# queue launch, median ms from spawn at the end of each step: served ${at('served')}, new page ${at('page')}, page loaded ${at('loaded')}, first rows ${at('rows')}, j answered ${at('interactive')}\n`);
  line('startup.queue_interactive_10k_ms', ms, 'ms', `target < 1000; serve launch to the queue answering j in Chromium, median of ${samples.map((x) => x.toFixed(0)).join(', ')}; load ${loadavg()[0]?.toFixed(1)}`);
}

if (PARTS.has('terminals')) {
  const result = await coreRssWithTerminals({ terminals: 4, busySeconds: BUSY_SECONDS, timeoutMs: 120_000 + BUSY_SECONDS * 1000 });
  process.stdout.write(
    `# terminals: 4 printing for ${BUSY_SECONDS} s (done after ${result.busySeconds.toFixed(1)} s), MiB each: ${result.received.map((b) => (b / 1024 / 1024).toFixed(1)).join(', ')}; ` +
      `${result.openRssMb.toFixed(0)} MB open at their prompt before printing; VmHWM since launch ${result.idle.hwmMb.toFixed(0)} MB before, ${result.hwmMb.toFixed(0)} MB after; load ${loadavg()[0]?.toFixed(1)}\n`,
  );
  line('core.rss_idle_mb', result.idle.rssMb, 'MB', 'serve process, host added, no terminal');
  line('core.rss_4_terminals_mb', result.peakRssMb, 'MB', `peak VmRSS while 4 terminals print; target < 400; +${(result.peakRssMb - result.idle.rssMb).toFixed(0)} MB over idle`);
}
