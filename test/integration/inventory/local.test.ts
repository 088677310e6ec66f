import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import { SECTION_NAMES, cpuModelKey, type InventorySnapshot } from '../../../shared/inventory';
import { LINUX_SCRIPT, LocalInventoryCollector, STATIC_SECTIONS, collectRemote, toGlpi, validateGlpi } from '../../../electron/core/inventory';

// Real systeminformation on this machine (a microVM here: no DMI, no GPU, no battery, no USB), so the
// assertions accept "explained empty" and check the reason is there, not that hardware exists.
const linux = process.platform === 'linux';
const collector = new LocalInventoryCollector();
let snapshot: InventorySnapshot;
const progress: [number, number, string][] = [];

beforeAll(async () => {
  snapshot = await collector.collect({ takenBy: 'test', onProgress: (done, total, name) => progress.push([done, total, name]) });
}, 60_000);

describe('local inventory of this machine', () => {
  it('has every section, each filled or explained, and progress for each', () => {
    expect(Object.keys(snapshot.sections).sort()).toEqual([...SECTION_NAMES].sort());
    for (const name of SECTION_NAMES) {
      const { meta } = snapshot.sections[name];
      expect(meta.source, name).toBeTruthy();
      if (meta.status !== 'ok') expect(meta.reason?.message, `${name} is ${meta.status} without a reason`).toBeTruthy();
    }
    expect(progress.map(([done]) => done)).toEqual(SECTION_NAMES.map((_, i) => i + 1));
    expect(new Set(progress.map(([, , name]) => name))).toEqual(new Set(SECTION_NAMES));
    expect(snapshot).toMatchObject({ collector: 'local-systeminformation', takenBy: 'test' });
  });

  it.runIf(linux)('reports the CPU model and memory total /proc reports', () => {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1];
    if (model) expect(cpuModelKey(snapshot.sections.cpu.data.model)).toBe(cpuModelKey(model));
    const kb = Number(/^MemTotal:\s+(\d+) kB/m.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1]);
    expect(snapshot.sections.memory.data.totalBytes).toBe(kb * 1024);
    expect(snapshot.sections.cpu.data.threads).toBe((cpuinfo.match(/^processor\s*:/gm) ?? []).length);
  });

  it.runIf(linux && !existsSync('/sys/firmware/dmi'))('says why firmware sections are empty on a machine without DMI tables', () => {
    for (const name of ['bios', 'board'] as const) expect(snapshot.sections[name].meta.reason?.code).toBe('no_dmi');
    expect(snapshot.sections.memory.meta).toMatchObject({ status: 'partial', reason: { code: 'no_dmi' } });
  });

  it('refresh re-reads dynamic sections only and reuses the cached static ones', async () => {
    const refreshed = await collector.refresh();
    for (const name of STATIC_SECTIONS) expect(refreshed.sections[name]).toEqual(snapshot.sections[name]);
    expect(refreshed.id).not.toBe(snapshot.id);
    expect(refreshed.sections.os.data.uptimeSeconds).toBeGreaterThanOrEqual(snapshot.sections.os.data.uptimeSeconds ?? 0);
  });

  it('exports to GLPI JSON that validates against the shipped schema', async () => {
    const doc = await toGlpi(snapshot, { agentVersion: '0.1.0' });
    expect(await validateGlpi(doc)).toEqual({ valid: true, errors: [] });
    expect((doc.content.hardware as { memory: number }).memory).toBe(Math.round((snapshot.sections.memory.data.totalBytes ?? 0) / 2 ** 20));
  });

  it('keeps partial results when sections run out of time, each saying so', async () => {
    const fresh = new LocalInventoryCollector();
    const s = await fresh.collect({ sectionTimeoutsMs: { network: 1, os: 1 } });
    expect(s.sections.network.meta).toMatchObject({ status: 'failed', reason: { code: 'timed_out', message: 'timed out after 1 ms', ms: 1 } });
    expect(s.sections.cpu.meta.status).toBe('ok');
    expect(s.sections.memory.data.totalBytes).toBeGreaterThan(0);
  });

  it('cancels mid-collection: rejects at once with "cancelled", no snapshot', async () => {
    const fresh = new LocalInventoryCollector();
    const controller = new AbortController();
    let seen = 0;
    const started = performance.now();
    const run = fresh.collect({ signal: controller.signal, onProgress: () => { if (++seen === 1) controller.abort(); } });
    const error = await run.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AtelierError);
    expect((error as AtelierError).code).toBe('cancelled');
    expect(seen).toBe(1);
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect(fresh.collect({ signal: AbortSignal.abort() })).rejects.toThrow('inventory was cancelled');
  });
});

describe.runIf(linux)('Linux collector script run locally with sh', () => {
  it('gives the same CPU model, memory total and disks as the local collector', async () => {
    const run = async (command: string) => {
      const { stdout, stderr } = await promisify(execFile)('sh', ['-c', command], { maxBuffer: 16 * 2 ** 20 });
      return { stdout, stderr, exitCode: 0 };
    };
    expect(LINUX_SCRIPT).not.toContain('${');
    const remote = await collectRemote(run, 'linux', { host: 'localhost', takenBy: 'test' });
    expect(remote.collector).toBe('remote-linux');
    expect(cpuModelKey(remote.sections.cpu.data.model)).toBe(cpuModelKey(snapshot.sections.cpu.data.model));
    expect(remote.sections.cpu.data.threads).toBe(snapshot.sections.cpu.data.threads);
    expect(remote.sections.memory.data.totalBytes).toBe(snapshot.sections.memory.data.totalBytes);
    const disks = (s: InventorySnapshot) => s.sections.disks.data.map((d) => [d.name, d.sizeBytes, d.serial, d.kind]).sort();
    expect(disks(remote)).toEqual(disks(snapshot));
    expect(remote.sections.volumes.data.map((v) => v.mount).sort()).toEqual(snapshot.sections.volumes.data.map((v) => v.mount).sort());
    expect(remote.sections.os.data.hostname).toBe(snapshot.sections.os.data.hostname);
    expect(remote.sections.os.data.arch).toBe(snapshot.sections.os.data.arch);
    expect((await validateGlpi(await toGlpi(remote))).valid).toBe(true);
  });
});
