import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AtelierError } from '../../../../shared/contract/errors';

type Row = Record<string, unknown>;

/** Inventory sections that are lists, even when the agent wrote one entry (XML cannot tell one from many). */
const LISTS = new Set([
  'cpus', 'memories', 'storages', 'drives', 'networks', 'batteries', 'videos', 'monitors', 'usbdevices', 'printers', 'softwares',
  'controllers', 'slots', 'sounds', 'inputs', 'ports', 'modems', 'virtualmachines', 'processes', 'users', 'envs', 'firewalls',
  'licenseinfos', 'local_users', 'local_groups', 'antivirus', 'remote_mgmt', 'cameras', 'simcards', 'sensors', 'powersupplies',
  'databases_services', 'firmwares',
]);
/** Lists inside an SNMP device, wherever they sit. */
const NESTED_LISTS = new Set(['device', 'port', 'ip', 'connection', 'firmwares', 'drives']);

const fail = (why: string, where?: string): never => {
  throw new AtelierError('invalid_input', `GLPI XML${where ? ` ${where}` : ''}: ${why}`, where);
};

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const asList = (v: unknown): Row[] => (Array.isArray(v) ? v.filter(isRow) : isRow(v) ? [v] : []);

/**
 * Reads the agent's XML (FusionInventory's `<REQUEST><CONTENT>…<DEVICEID>…<QUERY>`) into the shape of GLPI's
 * native JSON inventory, which the mapper then reads. Tag names are lowercased, as the JSON format is
 * the XML one lowercased; values stay text (the mapper reads numbers from text). A computer or phone
 * inventory (`QUERY` INVENTORY) keeps its sections; a device inventory (`SNMPQUERY`) becomes
 * `network_device` and `network_ports`. A network discovery lists the devices seen on a subnet, not an
 * inventory of one: it is refused, saying so.
 */
export function glpiXmlToDocument(xml: string): Row {
  const check = XMLValidator.validate(xml);
  if (check !== true) fail(check.err.msg, `line ${check.err.line}, column ${check.err.col}`);
  const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    transformTagName: (name) => name.toLowerCase(),
    isArray: (name, jpath) => NESTED_LISTS.has(name) || (LISTS.has(name) && String(jpath) === `request.content.${name}`),
  });
  const root = parser.parse(xml) as Row;
  const request = root.request;
  if (!isRow(request)) return fail('the root element must be <REQUEST>', 'at /');
  const content = request.content;
  if (!isRow(content)) return fail('<REQUEST> has no <CONTENT>', 'at /REQUEST');
  const deviceid = typeof request.deviceid === 'string' ? request.deviceid : undefined;
  const query = String(request.query ?? '').toUpperCase();
  if (query === 'NETDISCOVERY') {
    return fail(`a network discovery lists the ${asList(content.device).length} device(s) seen on a network, not the inventory of one: import each device's SNMP inventory (SNMPQUERY) instead`, 'at /REQUEST/QUERY');
  }
  if (query === 'SNMPQUERY' || query === 'SNMP') return deviceDocument(content, deviceid);
  if (query !== 'INVENTORY') return fail(`QUERY must be INVENTORY or SNMPQUERY (found ${JSON.stringify(query || null)})`, 'at /REQUEST/QUERY');
  if (!deviceid) return fail('<DEVICEID> is missing', 'at /REQUEST');
  return { deviceid, itemtype: isPhone(content) ? 'Phone' : 'Computer', ...(request.partial === '1' || request.partial === 'true' ? { partial: true } : {}), content };
}

/** Agents on phones send a computer-shaped inventory; SIM cards or a mobile OS tell it apart. */
function isPhone(content: Row): boolean {
  const os = isRow(content.operatingsystem) ? content.operatingsystem : {};
  return asList(content.simcards).length > 0 || /android|ios/i.test(`${String(os.name ?? '')} ${String(os.full_name ?? '')}`);
}

function deviceDocument(content: Row, deviceid: string | undefined): Row {
  const devices = asList(content.device);
  if (devices.length !== 1) fail(`an SNMP inventory must hold one <DEVICE> (found ${devices.length})`, 'at /REQUEST/CONTENT');
  const device = devices[0] as Row;
  const info = device.info;
  if (!isRow(info)) return fail('<DEVICE> has no <INFO>', 'at /REQUEST/CONTENT/DEVICE');
  const type = String(info.type ?? '').toUpperCase();
  const itemtype = type === 'PRINTER' ? 'Printer' : type === 'COMPUTER' ? 'Computer' : 'NetworkEquipment';
  const ports = isRow(device.ports) ? asList(device.ports.port) : [];
  return {
    // Devices inventoried over SNMP often carry no agent id (`foo` in tests, none at all elsewhere).
    deviceid: deviceid ?? String(info.name ?? info.serial ?? info.mac ?? 'snmp-device'),
    itemtype,
    content: {
      network_device: info,
      network_ports: ports,
      firmwares: asList(device.firmwares),
      ...(isRow(device.pagecounters) ? { pagecounters: device.pagecounters } : {}),
      ...(device.cartridges !== undefined ? { cartridges: asList(device.cartridges) } : {}),
    },
  };
}
