import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../../shared/inventory';
import { laptop, later } from './fixtures';

describe('diffSnapshots', () => {
  it('reports nothing between a snapshot and an identical copy, even when volatile values moved', () => {
    const a = laptop();
    const b = later(a, (s) => {
      s.sections.os.data.uptimeSeconds = 99999;
      s.sections.volumes.data[0]!.usedBytes = 41e9;
      s.sections.sensors.data.cpuTemperatureC = 70;
    });
    expect(diffSnapshots(a, b).changes).toEqual([]);
    expect(diffSnapshots(a, b, { includeVolatile: true }).changes.map((c) => c.section).sort()).toEqual(['os', 'sensors', 'volumes']);
  });

  it('sees a RAM module gone, by slot, and the total that dropped', () => {
    const a = laptop();
    const b = later(a, (s) => {
      s.sections.memory.data.modules.pop();
      s.sections.memory.data.totalBytes = 4 * 2 ** 30;
    });
    const { changes } = diffSnapshots(a, b);
    expect(changes).toContainEqual(expect.objectContaining({ section: 'memory', list: 'memory.modules', kind: 'removed', key: 'slot:DIMM1' }));
    expect(changes).toContainEqual(expect.objectContaining({ section: 'memory', kind: 'changed', fields: [{ field: 'totalBytes', before: 8 * 2 ** 30, after: 4 * 2 ** 30 }] }));
  });

  it('sees a disk replaced as one removed and one added, by serial', () => {
    const a = laptop();
    const b = later(a, (s) => {
      s.sections.disks.data[0] = { name: 'nvme0n1', model: 'Samsung 970 EVO 500GB', serial: 'S466NX0M123', sizeBytes: 500e9, kind: 'ssd', smart: { health: 'passed' } };
    });
    const disks = diffSnapshots(a, b).changes.filter((c) => c.section === 'disks');
    expect(disks.map((c) => [c.kind, c.key])).toEqual([['removed', 'serial:S29NNXAH146409'], ['added', 'serial:S466NX0M123']]);
  });

  it('sees a BIOS update with the fields that changed', () => {
    const a = laptop();
    const b = later(a, (s) => {
      s.sections.bios.data.version = '1.13.0';
      s.sections.bios.data.releaseDate = '2020-05-11';
    });
    expect(diffSnapshots(a, b).changes).toEqual([
      { section: 'bios', kind: 'changed', key: 'bios', label: 'bios', fields: [
        { field: 'version', before: '1.4.3', after: '1.13.0' },
        { field: 'releaseDate', before: '2016-02-06', after: '2020-05-11' },
      ] },
    ]);
  });

  it('sees a NIC added, by MAC, and a changed address on the existing one', () => {
    const a = laptop();
    const b = later(a, (s) => {
      s.sections.network.data[0]!.ipv4 = [{ address: '10.0.0.7', prefix: 8 }];
      s.sections.network.data.push({ name: 'enx00e04c', mac: '00:e0:4c:68:01:db', ipv4: [], ipv6: [], state: 'up' });
    });
    const net = diffSnapshots(a, b).changes.filter((c) => c.section === 'network');
    expect(net).toContainEqual(expect.objectContaining({ kind: 'added', key: 'mac:00:e0:4c:68:01:db' }));
    expect(net).toContainEqual(expect.objectContaining({ kind: 'changed', key: 'mac:9c:b6:d0:aa:bb:cc', fields: [expect.objectContaining({ field: 'ipv4' })] }));
  });

  it('does not compare a section that failed on one side (no fake "everything removed")', () => {
    const a = laptop();
    const b = later(a, (s) => {
      s.sections.disks = { meta: { source: 'x', durationMs: 5000, status: 'failed', reason: { code: 'timed_out', message: 'timed out after 5000 ms', ms: 5000 } }, data: [] };
    });
    const diff = diffSnapshots(a, b);
    expect(diff.changes.filter((c) => c.section === 'disks')).toEqual([]);
    expect(diff.notCompared).toEqual([{ section: 'disks', why: 'timed out after 5000 ms' }]);
  });
});
