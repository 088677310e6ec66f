import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import si from 'systeminformation';
import { openDatabase } from '../../electron/core/db/open';
import { HostStore } from '../../electron/core/hosts';
import { LocalInventoryCollector } from '../../electron/core/inventory/local';
import { collectHost } from '../../electron/core/inventory/remote-host';
import { KnownHostsStore, SshService } from '../../electron/core/ssh';
import { disposeSshd, generateKeyPair, startSshd } from '../../test/setup/sshd';
import { NO_GLPI_AGENT, inventoryVsGlpiAgent, requireGnuTime } from '../process-time';

// Each measure runs in a fresh process so systeminformation's own caches start cold for both sides.
// `inventory.local_full`: our concurrent snapshot, cold. `inventory.local_refresh`: warm (static sections
// cached), median of 5. `si.sequential_same_sections`: the same systeminformation calls one after another.
// `inventory.remote_full`: a host of the book over SSH on loopback (test sshd), connect to validated
// snapshot, median of 5. `inventory.ratio_vs_glpi_agent`: the built `atelier inventory --glpi` over the
// GLPI agent's (or FusionInventory Agent's) local inventory of the same machine, whole processes in turns,
// median of 3 (needs `npm run build`).

const SEQUENTIAL: (() => Promise<unknown>)[] = [
  () => si.system(), () => si.chassis(), () => si.bios(), () => si.baseboard(), () => si.cpu(), () => si.mem(),
  () => si.memLayout(), () => si.diskLayout(), () => si.blockDevices(), () => si.fsSize(), () => si.blockDevices(),
  () => si.networkInterfaces(), () => si.osInfo(), async () => si.time(), () => si.battery(), () => si.graphics(),
  () => si.usb(), () => si.printer(), () => si.cpuTemperature(), () => si.cpuCurrentSpeed(),
];

async function child(mode: string): Promise<void> {
  if (mode === 'full') {
    const collector = new LocalInventoryCollector();
    let t = performance.now();
    await collector.collect();
    const full = performance.now() - t;
    const refreshes: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await collector.refresh();
      refreshes.push(performance.now() - t);
    }
    refreshes.sort((a, b) => a - b);
    process.stdout.write(JSON.stringify({ full, refresh: refreshes[2] }) + '\n');
  } else {
    const t = performance.now();
    for (const call of SEQUENTIAL) await call();
    process.stdout.write(JSON.stringify({ sequential: performance.now() - t }) + '\n');
  }
}

function measure(mode: string): Record<string, number> {
  const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), mode], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`bench child ${mode} failed: ${run.stderr}`);
  const line = run.stdout.trim().split('\n').at(-1) ?? '{}';
  return JSON.parse(line) as Record<string, number>;
}

const mode = process.argv[2];
if (mode) {
  await child(mode);
} else {
  // Alternate the two sides and keep each side's median, so neither gets the warmer disk cache.
  const fulls: number[] = [];
  const refreshes: number[] = [];
  const sequentials: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a = measure('full');
    fulls.push(a.full ?? NaN);
    refreshes.push(a.refresh ?? NaN);
    sequentials.push(measure('sequential').sequential ?? NaN);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const full = median(fulls);
  const sequential = median(sequentials);
  process.stdout.write(`BENCH inventory.local_full ${full.toFixed(0)} ms\n`);
  process.stdout.write(`BENCH inventory.local_refresh ${median(refreshes).toFixed(0)} ms\n`);
  process.stdout.write(`BENCH si.sequential_same_sections ${sequential.toFixed(0)} ms\n`);
  process.stdout.write(`BENCH inventory.ratio_vs_sequential ${(full / sequential).toFixed(2)} ratio\n`);
}

/** A full remote snapshot through the SSH service against a private sshd on 127.0.0.1. */
async function remoteFull(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-inv-'));
  const sshd = await startSshd();
  const db = openDatabase(join(dir, 'atelier.db'));
  try {
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    const hosts = new HostStore(db);
    const knownHosts = new KnownHostsStore(db);
    hosts.add({ name: 'bench', address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
    knownHosts.trust(sshd.host, sshd.port, Buffer.from(sshd.hostPublicKey.split(/\s+/)[1] ?? '', 'base64'));
    const service = new SshService({ hosts, knownHosts });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await collectHost(service, 'bench', { osFamily: 'linux' });
      times.push(performance.now() - t);
    }
    return [...times].sort((a, b) => a - b)[2] ?? NaN;
  } finally {
    db.close();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!mode) process.stdout.write(`BENCH inventory.remote_full ${(await remoteFull()).toFixed(0)} ms\n`);

if (!mode) {
  requireGnuTime();
  const { atelier, peer } = inventoryVsGlpiAgent();
  if (peer) {
    process.stdout.write(`BENCH inventory.glpi_agent_ms ${peer.ms.toFixed(0)} ms  # ${peer.command}, peak RSS ${peer.rssMb.toFixed(0)} MB\n`);
    process.stdout.write(`BENCH inventory.atelier_glpi_ms ${atelier.ms.toFixed(0)} ms  # atelier inventory --glpi, peak RSS ${atelier.rssMb.toFixed(0)} MB\n`);
    process.stdout.write(`BENCH inventory.ratio_vs_glpi_agent ${(atelier.ms / peer.ms).toFixed(2)} ratio  # target <= 1.0\n`);
  } else {
    process.stdout.write(`# ${NO_GLPI_AGENT}: inventory.ratio_vs_glpi_agent not measured\n`);
  }
}
