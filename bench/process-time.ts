/**
 * Wall time and peak RSS of a whole process, from GNU time: the same tool for Atelier's commands and for
 * the peers they are compared with (FusionInventory Agent / the GLPI agent), in the same run; and the
 * resident memory of a process still running (the app in serve mode), from /proc.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(fileURLToPath(import.meta.url), '..', '..');
export const BUILT_CLI = join(ROOT, 'dist', 'cli.js');
const TIME = '/usr/bin/time';

/** The GLPI agent's local inventory command where installed: glpi-agent, or its Debian predecessor. */
export const GLPI_AGENT = ['/usr/bin/glpi-inventory', '/usr/bin/fusioninventory-inventory'].find((p) => existsSync(p));

export interface ProcessRun {
  ms: number;
  rssMb: number;
}

export function requireGnuTime(): void {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: the bench reads wall time and peak RSS from GNU time (apt-get install -y time)`);
}

/** One process under GNU time: its wall time and peak resident memory (its largest process's). */
export function measureProcess(command: string, args: string[]): ProcessRun {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-'));
  const out = join(dir, 'time');
  try {
    const run = spawnSync(TIME, ['-f', '%e %M', '-o', out, command, ...args], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 180_000 });
    if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${run.status}): ${run.stderr?.toString().slice(-500)}`);
    const [seconds, kb] = readFileSync(out, 'utf8').trim().split(/\s+/).slice(-2).map(Number) as [number, number];
    return { ms: seconds * 1000, rssMb: kb / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ProcessMemory {
  rssMb: number;
  hwmMb: number;
}

/** A running process's resident memory now and its high-water mark since it started, from /proc/PID/status. */
export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (field: string) => {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status)?.[1];
    if (kb === undefined) throw new Error(`/proc/${pid}/status has no ${field} line`);
    return Number(kb) / 1024;
  };
  return { rssMb: mb('VmRSS'), hwmMb: mb('VmHWM') };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** Median time and highest peak RSS of `runs` warm runs (one run first to warm the disk cache). */
export function processSeries(runs: number, command: string, args: string[]): ProcessRun {
  measureProcess(command, args);
  const all = Array.from({ length: runs }, () => measureProcess(command, args));
  return { ms: median(all.map((r) => r.ms)), rssMb: Math.max(...all.map((r) => r.rssMb)) };
}

/** Several commands run in turns (a, b, a, b...) so that none gets the quieter minutes: median time, highest RSS each. */
export function alternated(runs: number, commands: [string, string[]][]): ProcessRun[] {
  for (const [command, args] of commands) measureProcess(command, args);
  const all = commands.map(() => [] as ProcessRun[]);
  for (let i = 0; i < runs; i++) commands.forEach(([command, args], k) => all[k]!.push(measureProcess(command, args)));
  return all.map((side) => ({ ms: median(side.map((r) => r.ms)), rssMb: Math.max(...side.map((r) => r.rssMb)) }));
}

export interface PeerComparison {
  atelier: ProcessRun;
  peer?: ProcessRun & { command: string };
}

/** `atelier inventory --glpi` (the built CLI) and the GLPI agent's local inventory, in turns, median of `runs`. */
export function inventoryVsGlpiAgent(runs = 3): PeerComparison {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run "npm run build" (or node build/scripts/bundle.mjs) first`);
  const atelier: [string, string[]] = [process.execPath, [BUILT_CLI, 'inventory', '--glpi']];
  const [ours, peer] = alternated(runs, GLPI_AGENT ? [atelier, [GLPI_AGENT, []]] : [atelier]);
  return { atelier: ours!, peer: peer && GLPI_AGENT ? { ...peer, command: GLPI_AGENT } : undefined };
}

export const NO_GLPI_AGENT = 'no GLPI agent nor FusionInventory Agent installed (bash test/setup/system-deps.sh installs fusioninventory-agent)';
