/**
 * The ticket category an incident opened by a failing check gets, from the check's probe. The category is
 * what the ticket's checklist panel suggests by (a built-in checklist lists the categories it covers), so a
 * full disk's incident offers the disk checklist first. Probes with no matching category leave it unset.
 */
const CATEGORY_OF_PROBE: Readonly<Record<string, string>> = {
  'disk.free': 'hardware/disk',
  'disk.smart': 'hardware/disk',
  'disk.io_errors': 'hardware/disk',
  'memory.errors': 'hardware/memory',
  'memory.pressure': 'hardware/performance',
  'cpu.load': 'hardware/performance',
  'os.pending_reboot': 'hardware/performance',
  'cpu.temperature': 'hardware/cooling',
  'battery.health': 'hardware/battery',
  'net.link': 'network/connectivity',
  'net.ping': 'network/connectivity',
  'net.gateway': 'network/connectivity',
  'net.dns': 'network/connectivity',
  'net.http': 'network/connectivity',
  'printer.queue': 'hardware/printer',
};

export function incidentCategory(probe: string): string | undefined {
  return CATEGORY_OF_PROBE[probe];
}
