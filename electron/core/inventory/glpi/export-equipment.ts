import { compact, type EquipmentInfo, type InventoryKind } from '../../../../shared/inventory';

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;
const isIp = (a: string) => IPV4.test(a) || (a.includes(':') && /^[0-9a-f:.]+$/i.test(a));
/** The device types GLPI's schema allows in `network_device.type`. */
const DEVICE_TYPES = ['Networking', 'Printer', 'Storage', 'Power', 'Phone', 'Video', 'KVM'];

function deviceType(kind: InventoryKind, type: string | undefined): string {
  const known = DEVICE_TYPES.find((t) => t.toLowerCase() === type?.toLowerCase());
  return known ?? (kind === 'printer' ? 'Printer' : 'Networking');
}

/** A switch's or printer's content in GLPI's network inventory shape (`network_device`, `network_ports`, `firmwares`). */
export function equipmentContent(kind: InventoryKind, e: EquipmentInfo): Record<string, unknown> {
  return compact({
    network_device: compact({
      type: deviceType(kind, e.type), name: e.name, manufacturer: e.manufacturer, model: e.model, serial: e.serial, firmware: e.firmware,
      mac: e.mac, ips: e.ips.filter(isIp), location: e.location, contact: e.contact, uptime: e.uptime, description: e.description,
      memory: e.memoryMiB === undefined ? undefined : Math.round(e.memoryMiB),
    }),
    network_ports: e.ports.length
      ? e.ports.map((p) => compact({
        ifnumber: p.number, ifname: p.name, ifdescr: p.description, ifalias: p.alias, mac: p.mac, iftype: p.ifType, ifmtu: p.mtu,
        ifspeed: p.speedMbps === undefined ? undefined : Math.round(p.speedMbps * 1_000_000),
        ifstatus: p.state === 'up' ? 1 : p.state === 'down' ? 2 : undefined, ips: p.ips.length ? p.ips.filter(isIp) : undefined,
      }))
      : undefined,
    firmwares: e.firmwares.length ? e.firmwares.map((f) => compact({ name: f.name, version: f.version, manufacturer: f.manufacturer, type: f.type })) : undefined,
  });
}

/** GLPI's `itemtype` for a kind. */
export function glpiItemtype(kind: InventoryKind | undefined): 'Computer' | 'NetworkEquipment' | 'Printer' | 'Phone' {
  return kind === 'network_equipment' ? 'NetworkEquipment' : kind === 'printer' ? 'Printer' : kind === 'phone' ? 'Phone' : 'Computer';
}
