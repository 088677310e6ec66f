import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InventorySnapshot } from '../../../shared/inventory';
import { LocalInventoryCollector, toGlpi, validateGlpi } from '../../../electron/core/inventory';
import { linkState, sysfsInterfaces } from '../../../electron/core/inventory/local-network';

interface IpLink {
  ifname: string;
  flags: string[];
  operstate: string;
  addr_info: { family: 'inet' | 'inet6'; local: string; prefixlen: number; scope: string }[];
}

const linux = process.platform === 'linux';

/** The ground truth: what iproute2 says this machine has. */
function ipAddr(): IpLink[] {
  try {
    return JSON.parse(execFileSync('ip', ['-j', 'addr'], { encoding: 'utf8' })) as IpLink[];
  } catch (error) {
    throw new Error(`"ip -j addr" failed (${(error as Error).message}): the network test compares with iproute2; install it with apt-get install -y iproute2`);
  }
}

let snapshot: InventorySnapshot;
let truth: IpLink[];
beforeAll(async () => {
  if (!linux) return;
  truth = ipAddr();
  snapshot = await new LocalInventoryCollector().collect({ takenBy: 'test' });
}, 120_000);

describe.runIf(linux)('network section of the local inventory against ip -j addr', () => {
  it('lists every interface (down and address-less ones too) with every address, link-local included', () => {
    const network = snapshot.sections.network.data;
    expect(network.map((n) => n.name).sort()).toEqual(truth.map((l) => l.ifname).sort());
    for (const link of truth) {
      const found = network.find((n) => n.name === link.ifname);
      const want = (family: 'inet' | 'inet6') => link.addr_info.filter((a) => a.family === family).map((a) => ({ address: a.local, prefix: a.prefixlen }));
      expect(found?.ipv4, link.ifname).toEqual(expect.arrayContaining(want('inet')));
      expect(found?.ipv6, link.ifname).toEqual(expect.arrayContaining(want('inet6')));
      // An interface administratively down is "down"; loopback is "up" like the GLPI agent says.
      if (!link.flags.includes('UP')) expect(found?.state, link.ifname).toBe('down');
      if (link.flags.includes('LOOPBACK')) expect(found).toMatchObject({ state: 'up', loopback: true });
    }
  });

  it('exports every interface and address to GLPI, still valid against the shipped schema', async () => {
    const doc = await toGlpi(snapshot, { agentVersion: '0.1.0' });
    expect(await validateGlpi(doc)).toEqual({ valid: true, errors: [] });
    const networks = (doc.content.networks ?? []) as { description: string; ipaddress?: string; ipaddress6?: string; status: string }[];
    for (const link of truth) {
      const entries = networks.filter((n) => n.description === link.ifname);
      expect(entries.length, link.ifname).toBeGreaterThan(0);
      for (const a of link.addr_info) {
        expect(entries.some((n) => (a.family === 'inet' ? n.ipaddress : n.ipaddress6) === a.local), `${link.ifname} ${a.local}`).toBe(true);
      }
      if (link.flags.includes('LOOPBACK')) expect(entries.every((n) => n.status === 'up')).toBe(true);
    }
  });
});

describe('reading /sys/class/net', () => {
  it('takes the state from operstate, else from the UP flag (loopback and tunnels say "unknown")', () => {
    expect(linkState('up', 0)).toBe('up');
    expect(linkState('down', 0x1003)).toBe('down');
    expect(linkState('lowerlayerdown', 0x1003)).toBe('down');
    expect(linkState('unknown', 0x9)).toBe('up');
    expect(linkState('unknown', 0x8)).toBe('down');
    expect(linkState(undefined, 0)).toBe('down');
  });

  it('keeps an interface with no address and no speed, and gives no folder as null', () => {
    const root = mkdtempSync(join(tmpdir(), 'atelier-sysnet-'));
    try {
      const devices = join(root, 'devices', 'virtual', 'net', 'ifb7');
      mkdirSync(devices, { recursive: true });
      for (const [file, value] of Object.entries({ operstate: 'down', flags: '0x82', address: '2a:19:10:4c:71:c3', mtu: '1500', type: '1', ifindex: '3' })) writeFileSync(join(devices, file), `${value}\n`);
      mkdirSync(join(root, 'class'));
      symlinkSync(devices, join(root, 'class', 'ifb7'));
      expect(sysfsInterfaces(join(root, 'class'), {})).toEqual([
        { name: 'ifb7', mac: '2a:19:10:4c:71:c3', ipv4: [], ipv6: [], state: 'down', virtual: true, mtu: 1500 },
      ]);
      expect(sysfsInterfaces(join(root, 'missing'), {})).toBeNull();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
