/**
 * This machine's network interfaces, all of them: the kernel's list (/sys/class/net on Linux) gives every
 * interface, down and address-less ones included (a technician facing "no network" needs to see the
 * unplugged one), and Node's own list gives every address, link-local IPv6 included.
 * systeminformation keeps one address per family and drops interfaces without one: it is only the
 * fallback where there is no /sys/class/net (Windows, macOS), with the addresses completed from Node's.
 */
import { readdirSync, readFileSync, realpathSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';
import type si from 'systeminformation';
import { compact, positive, text, type NetworkInterface } from '../../../shared/inventory';

type Addresses = NodeJS.Dict<NetworkInterfaceInfo[]>;

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;
const ARPHRD_LOOPBACK = 772;

function read(dir: string, file: string): string | undefined {
  try {
    return readFileSync(join(dir, file), 'utf8').trim();
  } catch {
    // Absent, or EINVAL (speed of a link that is down): not known.
    return undefined;
  }
}

function addressesOf(name: string, addresses: Addresses): Pick<NetworkInterface, 'ipv4' | 'ipv6'> {
  const all = addresses[name] ?? [];
  const entry = (a: NetworkInterfaceInfo) => compact({ address: a.address, prefix: a.cidr ? Number(a.cidr.split('/')[1]) : undefined });
  return { ipv4: all.filter((a) => a.family === 'IPv4').map(entry), ipv6: all.filter((a) => a.family === 'IPv6').map(entry) };
}

/**
 * The state as the GLPI agent reports it: the kernel's operstate when it knows, else the interface's
 * administrative flag (loopback and tunnels say "unknown" while they carry traffic).
 */
export function linkState(operstate: string | undefined, flags: number): NetworkInterface['state'] {
  if (operstate === 'up') return 'up';
  if (operstate === 'down' || operstate === 'lowerlayerdown' || operstate === 'notpresent') return 'down';
  return flags & IFF_UP ? 'up' : 'down';
}

/** Every interface under `sysNet` (Linux), in kernel index order; null where there is no such folder. */
export function sysfsInterfaces(sysNet = '/sys/class/net', addresses: Addresses = networkInterfaces()): NetworkInterface[] | null {
  let names: string[];
  try {
    names = readdirSync(sysNet);
  } catch {
    return null;
  }
  const found = names.map((name) => {
    const dir = join(sysNet, name);
    const flags = Number.parseInt(read(dir, 'flags') ?? '0', 16) || 0;
    const loopback = (flags & IFF_LOOPBACK) !== 0 || Number(read(dir, 'type')) === ARPHRD_LOOPBACK;
    let virtual = false;
    try {
      virtual = realpathSync(dir).includes('/devices/virtual/');
    } catch {
      // A link that vanished while being read: keep it, not known as virtual.
    }
    const mac = text(read(dir, 'address'));
    const entry: NetworkInterface = compact({
      name,
      mac: mac && !/^(00:)+00$/.test(mac) ? mac : undefined,
      ...addressesOf(name, addresses),
      speedMbps: positive(Number(read(dir, 'speed'))),
      state: linkState(read(dir, 'operstate'), flags),
      wifi: read(dir, 'phy80211/name') !== undefined || read(dir, 'wireless/status') !== undefined || undefined,
      virtual: virtual || undefined,
      loopback: loopback || undefined,
      mtu: positive(Number(read(dir, 'mtu'))),
    });
    return { index: Number(read(dir, 'ifindex') ?? Number.MAX_SAFE_INTEGER), entry };
  });
  return found.sort((a, b) => a.index - b.index).map((f) => f.entry);
}

/** systeminformation's list (no /sys/class/net), every address taken from Node's list where it has the interface. */
export function fromSystemInformation(ifaces: si.Systeminformation.NetworkInterfacesData[], addresses: Addresses = networkInterfaces(), maskToPrefix: (mask: string) => number | undefined): NetworkInterface[] {
  return ifaces.map((n) => {
    const own = addresses[n.iface] ? addressesOf(n.iface, addresses) : {
      ipv4: text(n.ip4) ? [compact({ address: n.ip4, prefix: maskToPrefix(n.ip4subnet) })] : [],
      ipv6: text(n.ip6) ? [compact({ address: n.ip6, prefix: maskToPrefix(n.ip6subnet) })] : [],
    };
    return compact({
      name: n.iface,
      mac: text(n.mac),
      ...own,
      speedMbps: positive(n.speed),
      state: n.operstate === 'up' || (n.internal && n.operstate === 'unknown') ? 'up' as const : n.operstate === 'down' ? 'down' as const : 'unknown' as const,
      wifi: n.type === 'wireless',
      virtual: n.virtual || undefined,
      loopback: n.internal || undefined,
      mtu: positive(n.mtu),
    });
  });
}
