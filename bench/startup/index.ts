/**
 * `npm run bench -- startup`: how fast the built `atelier` command starts and how much it holds, beside
 * Node's own start and (when installed) the GLPI agent or FusionInventory Agent, its Debian predecessor, in
 * the same run, each side in turns. Needs the build (`npm run build`, or `node build/scripts/bundle.mjs` for the Node side only).
 * Wall time and peak RSS of each process come from GNU time, the same tool for every side.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { queueInteractive } from './queue';
import { BUILT_CLI as CLI, NO_GLPI_AGENT, alternated, inventoryVsGlpiAgent, requireGnuTime } from '../process-time';

const line = (name: string, value: number, unit: string, note = '') => process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'x' ? 2 : 0)} ${unit}${note ? `  # ${note}` : ''}\n`);

// ATELIER_BENCH_STARTUP_PARTS=cli,queue picks parts (default both).
const PARTS = new Set((process.env.ATELIER_BENCH_STARTUP_PARTS ?? 'cli,queue').split(',').map((part) => part.trim()));
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
  const { ms, samples } = await queueInteractive(10_000, 3);
  line('startup.queue_interactive_10k_ms', ms, 'ms', `target < 1000; serve launch to the queue answering j in Chromium, median of ${samples.map((x) => x.toFixed(0)).join(', ')}; load ${loadavg()[0]?.toFixed(1)}`);
}
process.stdout.write('# not measured yet: core.rss_4_terminals_mb\n');
