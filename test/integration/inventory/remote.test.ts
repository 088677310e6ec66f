import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobProgress } from '../../../shared/contract';
import { cpuModelKey, InventorySnapshot } from '../../../shared/inventory';
import { main } from '../../../electron/cli/program';
import type { Core } from '../../../electron/core';
import { collectRemote, LocalInventoryCollector } from '../../../electron/core/inventory';
import { collectHost } from '../../../electron/core/inventory/remote-host';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type KeyPair, type Sshd } from '../../setup/sshd';
import { createHarness, type Harness } from '../ssh/harness';

/** The disks as both collectors should see them: real block devices, by name and size. */
const diskKeys = (s: InventorySnapshot) => s.sections.disks.data.map((d) => `${d.name}:${d.sizeBytes}`).sort();

describe('remote inventory over the real SSH runCommand (test sshd on loopback)', () => {
  let h: Harness;
  let local: InventorySnapshot;
  let remote: InventorySnapshot;
  const progress: [number, number | undefined, string][] = [];
  beforeAll(async () => {
    h = await createHarness();
    h.addHost('box', { osFamily: 'linux' });
    h.trustFixture();
    [local, remote] = await Promise.all([
      new LocalInventoryCollector().collect({ takenBy: 'test' }),
      collectHost(h.service, 'box', { osFamily: 'linux', takenBy: 'test', onProgress: (d, t, s) => progress.push([d, t, s]) }),
    ]);
  }, 60_000);
  afterAll(async () => h?.dispose());

  it('gives the same schema and, for this same machine, the same CPU model, memory total and disks', () => {
    expect(InventorySnapshot.parse(remote)).toEqual(remote);
    expect(remote).toMatchObject({ collector: 'remote-linux', machineKey: 'box', host: 'box', takenBy: 'test' });
    expect(Object.keys(remote.sections).sort()).toEqual(Object.keys(local.sections).sort());
    expect(cpuModelKey(remote.sections.cpu.data.model)).toBe(cpuModelKey(local.sections.cpu.data.model));
    expect(remote.sections.cpu.data.threads).toBe(local.sections.cpu.data.threads);
    expect(remote.sections.memory.data.totalBytes).toBe(local.sections.memory.data.totalBytes);
    expect(diskKeys(remote).length).toBeGreaterThan(0);
    expect(diskKeys(remote)).toEqual(diskKeys(local));
    expect(remote.sections.os.data.hostname).toBe(local.sections.os.data.hostname);
  });

  it('reports progress as the host finishes each section', () => {
    expect(progress.length).toBeGreaterThan(5);
    expect(progress.map(([d]) => d)).toEqual(progress.map((_, i) => i + 1));
    const total = progress[0]?.[1] ?? 0;
    expect(progress.at(-1)?.[0]).toBeLessThanOrEqual(total);
  });

  it('garbage or a failing shell from the host is a clear error', async () => {
    const garbage = (command: string) => async () => {
      const r = await h.service.runCommand('box', command);
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? -1 };
    };
    await expect(collectRemote(garbage('echo "<html>502 Bad Gateway</html>"'), 'linux')).rejects.toThrow(
      /not an Atelier inventory output \(line 1 is "<html>502 Bad Gateway<\/html>".*nothing was stored/,
    );
    await expect(collectRemote(garbage('exit 3'), 'linux')).rejects.toThrow(/exited with code 3.*nothing was stored/);
  });
});

describe('inventory through the contract: host book, trust, job, store, ticket', () => {
  let dir: string;
  let key: KeyPair;
  let good: Sshd;
  let garbage: Sshd;
  let truncated: Sshd;
  let core: Core;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-inv-remote-'));
    key = generateKeyPair(dir, 'client');
    // Hosts that answer any command with junk, or with the real output cut short.
    [good, garbage, truncated] = await Promise.all([
      startSshd(),
      startSshd({ extraConfig: ['ForceCommand echo "Welcome to Ubuntu 22.04 LTS"'] }),
      startSshd({ extraConfig: ['ForceCommand eval "$SSH_ORIGINAL_COMMAND" | head -c 1500'] }),
    ]);
    for (const s of [good, garbage, truncated]) s.authorize(key.publicKey);
    core = openTestCore(join(dir, 'data'));
    const add = (name: string, s: Sshd) =>
      core.dispatch('hosts.add', { name, address: s.host, port: s.port, user: s.user, auth: { method: 'key', keyFile: key.privateKeyFile }, osFamily: 'linux' });
    await add('good', good);
    await add('junk', garbage);
    await add('cut', truncated);
  }, 60_000);
  afterAll(async () => {
    core?.close();
    await Promise.all([disposeSshd(good), disposeSshd(garbage), disposeSshd(truncated)]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts `inventory.collect` and waits for its job to end (bounded). */
  async function collect(host: string, extra: Record<string, unknown> = {}): Promise<JobProgress> {
    const ended = new Promise<JobProgress>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`collect ${host}: no end within 30 s`)), 30_000);
      const stop = core.bus.subscribe((m) => {
        if (m.stream === 'job.progress' && m.payload.kind.startsWith('inventory') && m.payload.state !== 'running') {
          clearTimeout(timer);
          stop();
          resolve(m.payload);
        }
      });
    });
    await core.dispatch('inventory.collect', { host, ...extra });
    return ended;
  }

  const fingerprintOffered = async (host: string) => {
    const failed = await collect(host);
    expect(failed.state).toBe('failed');
    expect(failed.error).toMatch(/host key/i);
    const offered = /SHA256:[A-Za-z0-9+/]+/.exec(failed.error ?? '')?.[0];
    expect(offered).toBeTruthy();
    await core.dispatch('knownHosts.trust', { name: host, fingerprint: offered });
  };

  it('refuses an unknown host key, then collects, stores and attaches to a ticket once trusted', async () => {
    await fingerprintOffered('good');
    expect(await core.dispatch('inventory.list', { machineKey: 'good' })).toEqual([]);
    const ticket = (await core.dispatch('tickets.create', { kind: 'incident', title: 'PC slow', impact: 2, urgency: 2 })) as { ticket: { id: string } };
    const saved = vi.fn();
    const stop = core.bus.subscribe((m) => m.stream === 'inventory.saved' && saved(m.payload));
    const done = await collect('good', { ticketId: ticket.ticket.id });
    stop();
    expect(done).toMatchObject({ state: 'done', kind: 'inventory.remote' });
    const list = (await core.dispatch('inventory.list', { machineKey: 'good' })) as { id: string; host: string }[];
    expect(list).toHaveLength(1);
    expect(saved).toHaveBeenCalledWith({ jobId: done.jobId, snapshot: list[0] });
    const detail = (await core.dispatch('tickets.get', { id: ticket.ticket.id })) as { ticket: { inventory: { snapshotId: string; host?: string }[] } };
    expect(detail.ticket.inventory).toEqual([expect.objectContaining({ snapshotId: list[0]?.id, host: 'good' })]);
    // A second visit: the diff against the previous snapshot of the same machine is empty of hardware changes.
    await collect('good');
    const [latest] = (await core.dispatch('inventory.list', { machineKey: 'good' })) as { id: string }[];
    const diff = (await core.dispatch('inventory.diff', { to: latest?.id })) as { from: string; changes: unknown[] };
    expect(diff.from).toBe(list[0]?.id);
    expect(diff.changes).toEqual([]);
  }, 60_000);

  it('a host answering garbage or a truncated output fails the job with a clear error and stores nothing', async () => {
    await fingerprintOffered('junk');
    const junk = await collect('junk');
    expect(junk.state).toBe('failed');
    expect(junk.error).toMatch(/not an Atelier inventory output \(line 1 is "Welcome to Ubuntu 22\.04 LTS"/);
    await fingerprintOffered('cut');
    const cut = await collect('cut');
    expect(cut.state).toBe('failed');
    expect(cut.error).toMatch(/remote inventory \(linux\): .*(cut short|truncated|@@done|never closed).*nothing was stored/i);
    for (const machineKey of ['junk', 'cut']) expect(await core.dispatch('inventory.list', { machineKey })).toEqual([]);
  }, 60_000);

  it('atelier inventory --host refuses an unknown key unless --accept-new, like ssh run', async () => {
    const dataDir = join(dir, 'cli');
    let err = '';
    let out = '';
    const write = (sink: 'out' | 'err') => (chunk: string | Uint8Array) => ((sink === 'out' ? (out += chunk.toString()) : (err += chunk.toString())), true);
    vi.spyOn(process.stdout, 'write').mockImplementation(write('out') as typeof process.stdout.write);
    vi.spyOn(process.stderr, 'write').mockImplementation(write('err') as typeof process.stderr.write);
    try {
      expect(await main(['hosts', 'add', 'box', '--address', good.host, '--port', String(good.port), '--user', good.user, '--key', key.privateKeyFile, '--data-dir', dataDir])).toBe(0);
      expect(await main(['inventory', '--host', 'box', '--json', '--data-dir', dataDir])).not.toBe(0);
      expect(err).toMatch(/host key.*--accept-new/is);
      out = '';
      expect(await main(['inventory', '--host', 'box', '--json', '--accept-new', '--data-dir', dataDir])).toBe(0);
      expect(InventorySnapshot.parse(JSON.parse(out))).toMatchObject({ collector: 'remote-linux', machineKey: 'box' });
      err = '';
      expect(await main(['inventory', '--host', 'nobody', '--data-dir', dataDir])).not.toBe(0);
      expect(err).toMatch(/nobody/);
    } finally {
      vi.restoreAllMocks();
    }
  }, 60_000);
});
