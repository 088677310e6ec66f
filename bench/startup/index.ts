/**
 * `npm run bench -- startup`: how fast the built `atelier` command starts and how much it holds, beside
 * Node's own start and (when installed) FusionInventory Agent, the GLPI agent's Debian predecessor, in the
 * same run. Needs the build (`npm run build`, or `node build/scripts/bundle.mjs` for the Node side only).
 * Wall time and peak RSS of each process come from GNU time, the same tool for every side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(fileURLToPath(import.meta.url), '..', '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';
const PEER = ['/usr/bin/fusioninventory-inventory', '/usr/bin/glpi-inventory'].find((p) => existsSync(p));

interface Run {
  ms: number;
  rssMb: number;
}

/** One process under GNU time: its wall time and peak resident memory. */
function measure(command: string, args: string[]): Run {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-'));
  const out = join(dir, 'time');
  try {
    const run = spawnSync(TIME, ['-f', '%e %M', '-o', out, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stderr?.toString().slice(-500)}`);
    const [seconds, kb] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number) as [number, number];
    return { ms: seconds * 1000, rssMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function series(runs: number, command: string, args: string[]): { ms: number; rssMb: number } {
  measure(command, args); // warm the disk cache: the figures are for a warm start
  const all = Array.from({ length: runs }, () => measure(command, args));
  return { ms: median(all.map((r) => r.ms)), rssMb: Math.max(...all.map((r) => r.rssMb)) };
}

const line = (name: string, value: number, unit: string, note = '') => process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'x' ? 2 : 0)} ${unit}${note ? `  # ${note}` : ''}\n`);

if (!existsSync(TIME)) throw new Error(`${TIME} is missing: the startup bench reads wall time and peak RSS from GNU time (apt-get install -y time)`);
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (or node build/scripts/bundle.mjs) first`);
process.stdout.write(`# load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; medians of 5 (version) and 3 (inventory), warm\n`);

const node = series(5, process.execPath, ['-e', '0']);
line('node.start_ms', node.ms, 'ms', 'floor: node -e 0');
const version = series(5, process.execPath, [CLI, '--version']);
line('cli.version_ms', version.ms, 'ms', `target < 150; ${(version.ms / node.ms).toFixed(2)}x the floor`);
const glpi = series(3, process.execPath, [CLI, 'inventory', '--glpi']);
line('cli.inventory_glpi_ms', glpi.ms, 'ms');
line('cli.inventory_glpi_rss_mb', glpi.rssMb, 'MB', 'peak, target < 80');
if (PEER) {
  const peer = series(3, PEER, []);
  line('peer.inventory_ms', peer.ms, 'ms', PEER);
  line('peer.inventory_rss_mb', peer.rssMb, 'MB', 'peak');
  line('inventory.glpi_ratio_vs_peer', glpi.ms / peer.ms, 'x', 'target <= 1.0');
} else {
  process.stdout.write('# no FusionInventory / GLPI agent installed: inventory.glpi_ratio_vs_peer not measured (apt-get install -y fusioninventory-agent)\n');
}
process.stdout.write('# not measured yet: startup.queue_interactive_10k_ms, core.rss_4_terminals_mb\n');
