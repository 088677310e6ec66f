import { describe, expect, it } from 'vitest';
import { AtelierError } from '../../../shared/contract';
import { collectRemote, parseLinuxOutput, parseMacosOutput, parseWindowsOutput } from '../../../electron/core/inventory';
import { MACOS_SAMPLE, WINDOWS_SAMPLE } from './samples';

const meta = { host: 'pc-accueil', takenBy: 'tech', durationMs: 800 };

const linuxMinimal = (extra = '') => [
  '@@atelier-inventory 1',
  '@@begin uname t=1000000000', 'Linux 6.1.0-18-amd64 x86_64', '@@end uname rc=0 t=1002000000',
  '@@begin cpuinfo', 'processor\t: 0', 'vendor_id\t: GenuineIntel', 'model name\t: Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz', 'flags\t\t: fpu vmx aes avx2', '@@end cpuinfo rc=0',
  '@@begin meminfo', 'MemTotal:        8000000 kB', 'SwapTotal:       0 kB', '@@end meminfo rc=0',
  '@@status dmi needs_root dmidecode',
  extra,
  '@@done',
].join('\n');

describe('Linux output parser', () => {
  it('parses a minimal output and explains every section it could not fill', () => {
    const s = parseLinuxOutput(linuxMinimal(), meta);
    expect(s.sections.cpu.data).toMatchObject({ manufacturer: 'Intel', model: 'Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz', threads: 1, baseGHz: 2.3, flags: ['vmx', 'aes', 'avx2'] });
    expect(s.sections.memory.data.totalBytes).toBe(8000000 * 1024);
    expect(s.sections.system.meta).toMatchObject({ status: 'empty', reason: { code: 'needs_root', tool: 'dmidecode' } });
    expect(s.sections.os.meta.durationMs).toBe(2);
    expect(s.machineKey).toBe('pc-accueil');
  });

  it.each([
    ['garbage', 'bash: line 1: syntax error near unexpected token\n', /not an Atelier inventory output \(line 1 is "bash: line 1: syntax error/],
    ['empty output', '', /the collector printed nothing/],
    ['truncated inside a section', linuxMinimal().slice(0, linuxMinimal().indexOf('@@end cpuinfo')), /truncated inside section "cpuinfo"/],
    ['truncated between sections', linuxMinimal().replace('@@done', ''), /the end marker "@@done" is missing \(last section read: meminfo\)/],
    ['a required section missing', linuxMinimal().replace(/@@begin meminfo[\s\S]*?@@end meminfo rc=0\n/, ''), /required section "meminfo" is missing/],
    ['invalid JSON in a section', linuxMinimal('@@begin lsblk\n{"blockdevices": [\n@@end lsblk rc=0'), /section "lsblk" is not valid JSON/],
    ['stray text', linuxMinimal('Segmentation fault'), /unexpected text outside a section: "Segmentation fault"/],
  ])('refuses %s with a clear error', (_, output, message) => {
    const run = () => parseLinuxOutput(output, meta);
    expect(run).toThrow(AtelierError);
    expect(run).toThrow(message);
    expect(run).toThrow(/nothing was stored/);
  });

  it('collectRemote sends one sh -c command and reports a shell that failed outright', async () => {
    const seen: string[] = [];
    const snap = await collectRemote(async (command) => {
      seen.push(command);
      return { stdout: linuxMinimal(), stderr: '', exitCode: 0 };
    }, 'linux', { host: 'srv1', takenBy: 'tech' });
    expect(seen[0]).toMatch(/^sh -c '/);
    expect(snap.collector).toBe('remote-linux');
    await expect(collectRemote(async () => ({ stdout: '', stderr: 'sh: not found', exitCode: 127 }), 'linux')).rejects.toThrow(
      'remote inventory (linux): the collector exited with code 127: sh: not found; nothing was stored',
    );
  });
});

describe('Windows output parser (sample written from the CIM documentation)', () => {
  it('maps the CIM classes to the schema', () => {
    const s = parseWindowsOutput(WINDOWS_SAMPLE, meta);
    expect(s.collector).toBe('remote-windows');
    expect(s.sections.system.data).toMatchObject({ manufacturer: 'LENOVO', serial: 'PF1ABCDE', chassis: 'Notebook' });
    expect(s.sections.bios.data).toMatchObject({ version: 'N22ET80W (1.57 )', releaseDate: '2022-06-24', firmware: 'uefi', secureBoot: true });
    expect(s.sections.cpu.data).toMatchObject({ manufacturer: 'Intel', cores: 4, threads: 8, virtualization: true });
    expect(s.sections.memory.data.modules.map((m) => [m.slot, m.type, m.speedMTs])).toEqual([['ChannelA-DIMM0', 'DDR4', 2400], ['ChannelB-DIMM0', 'DDR4', 2400]]);
    expect(s.sections.disks.data[0]).toMatchObject({ interface: 'NVMe', kind: 'ssd', smart: { health: 'passed' } });
    expect(s.sections.network.data[1]).toMatchObject({ name: 'Wi-Fi', state: 'up', wifi: true, speedMbps: 866.7, ipv4: [{ address: '192.168.1.42', prefix: 24 }] });
    expect(s.sections.battery.data[0]).toMatchObject({ designCapacityMWh: 57020, fullCapacityMWh: 41054, wearPercent: 28, cycles: 412 });
    expect(s.sections.os.data).toMatchObject({ uptimeSeconds: 86400, hostname: 'PC-ACCUEIL' });
    expect(s.sections.usb.data[0]).toMatchObject({ vendorId: '046d', productId: 'c52b' });
    // A query refused for rights is explained, not silently empty.
    expect(s.sections.volumes.meta).toMatchObject({ status: 'partial', reason: { code: 'needs_root' } });
    expect(s.sections.sensors.meta.status).toBe('ok'); // current clock speed still known
  });

  it('refuses a truncated or non-JSON document', () => {
    expect(() => parseWindowsOutput(WINDOWS_SAMPLE.slice(0, 500), meta)).toThrow(/"@@done" is missing/);
    expect(() => parseWindowsOutput('@@atelier-inventory-json 1\n{"cpu":\n@@done', meta)).toThrow(/section "document" is not valid JSON/);
    expect(() => parseWindowsOutput('#< CLIXML\n<Objs>', meta)).toThrow(/not an Atelier inventory output/);
  });
});

describe('macOS output parser (sample written from system_profiler -json documentation)', () => {
  it('maps system_profiler and sysctl to the schema', () => {
    const s = parseMacosOutput(MACOS_SAMPLE, meta);
    expect(s.sections.system.data).toMatchObject({ manufacturer: 'Apple', model: 'MacBookPro18,3', serial: 'C02XK1ABCDEF', chassis: 'Laptop' });
    expect(s.sections.cpu.data).toMatchObject({ manufacturer: 'Apple', model: 'Apple M1 Pro', cores: 10 });
    expect(s.sections.memory.data.totalBytes).toBe(17179869184);
    expect(s.sections.memory.meta).toMatchObject({ status: 'partial', reason: { code: 'not_present' } });
    expect(s.sections.disks.data[0]).toMatchObject({ name: 'disk0', interface: 'NVMe', smart: { health: 'passed' } });
    expect(s.sections.battery.data[0]).toMatchObject({ cycles: 321, wearPercent: 24 });
    expect(s.sections.graphics.data.displays[0]).toMatchObject({ resolutionX: 3024, resolutionY: 1964, main: true });
    expect(s.sections.usb.data[0]).toMatchObject({ vendorId: '046d', productId: 'c52b' });
    expect(s.sections.os.data).toMatchObject({ distribution: 'macOS', version: '14.4.1', arch: 'arm64', uptimeSeconds: 2 * 86400 });
    expect(s.sections.printers.meta.status).toBe('empty');
  });
});
