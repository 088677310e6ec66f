import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { reason, type SectionReason } from '../../../shared/inventory';

/** Whether a command is on PATH (no process spawned). */
export function hasTool(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  // root's PATH usually has the sbin folders; an unprivileged one may not, yet the tools live there.
  if (process.platform !== 'win32') dirs.push('/usr/sbin', '/sbin', '/usr/local/sbin');
  return dirs.some((dir) => exts.some((ext) => existsSync(join(dir, name + ext))));
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Why DMI-backed fields (serials, UUID, memory modules, BIOS) are missing on this machine. */
export function dmiReason(): SectionReason {
  if (process.platform !== 'linux') return reason('not_present', 'the firmware reports no value for these fields');
  if (!existsSync('/sys/firmware/dmi') && !existsSync('/sys/class/dmi/id') && !existsSync('/dev/mem')) {
    return reason('no_dmi', 'no DMI tables on this machine (virtual machine or container)');
  }
  if (!isRoot()) return reason('needs_root', 'needs root for dmidecode (serials, UUID, memory modules)', { tool: 'dmidecode' });
  if (!hasTool('dmidecode')) return reason('not_installed', 'dmidecode not installed', { tool: 'dmidecode' });
  return reason('not_present', 'the firmware tables leave these fields empty');
}

/** Why SMART health is missing. */
export function smartReason(): SectionReason {
  if (!hasTool(process.platform === 'win32' ? 'smartctl' : 'smartctl')) {
    return reason('not_installed', 'smartctl not installed (package smartmontools)', { tool: 'smartctl' });
  }
  if (process.platform !== 'win32' && !isRoot()) return reason('needs_root', 'needs root for smartctl', { tool: 'smartctl' });
  return reason('not_present', 'the disks report no SMART data (virtual disks have none)');
}

export function usbEmptyReason(): SectionReason {
  if (process.platform === 'linux') {
    const dir = '/sys/bus/usb/devices';
    if (!existsSync(dir)) return reason('not_present', 'no USB bus on this machine');
    if (readdirSync(dir).length === 0) return reason('not_present', 'no USB devices connected');
  }
  return reason('not_present', 'no USB devices found');
}

export function printersEmptyReason(): SectionReason {
  if (process.platform !== 'win32' && !hasTool('lpstat')) {
    return reason('not_installed', 'CUPS not installed (lpstat missing): no printer can be configured', { tool: 'lpstat' });
  }
  return reason('not_present', 'no printer configured');
}

export function firmwareKind(): 'uefi' | 'bios' | undefined {
  if (process.platform !== 'linux') return undefined;
  return existsSync('/sys/firmware/efi') ? 'uefi' : 'bios';
}

function hasEntries(dir: string, prefix = ''): boolean {
  try {
    return readdirSync(dir).some((name) => name.startsWith(prefix));
  } catch {
    return false;
  }
}

function hasDisplayPciDevice(): boolean {
  try {
    const dir = '/sys/bus/pci/devices';
    return readdirSync(dir).some((dev) => {
      try {
        return readFileSync(join(dir, dev, 'class'), 'utf8').startsWith('0x03');
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** DMI is readable at all: sysfs export or dmidecode with /dev/mem. */
export function hasDmi(): boolean {
  return process.platform !== 'linux' || existsSync('/sys/firmware/dmi') || existsSync('/sys/class/dmi/id');
}

/**
 * On Linux, sysfs tells in microseconds when some hardware cannot be there. Skipping those
 * systeminformation calls (each spawns several shells) is most of the gain on a small machine.
 * Returns why the section is empty, or undefined when it must be asked.
 */
export function linuxAbsence(what: 'dmi' | 'graphics' | 'usb' | 'printers' | 'temperature'): SectionReason | undefined {
  if (process.platform !== 'linux') return undefined;
  switch (what) {
    case 'dmi':
      return hasDmi() ? undefined : dmiReason();
    case 'graphics':
      return hasEntries('/sys/class/drm', 'card') || hasDisplayPciDevice() ? undefined : reason('not_present', 'no GPU or display found (headless or virtual machine)');
    case 'usb':
      return hasEntries('/sys/bus/usb/devices') ? undefined : usbEmptyReason();
    case 'printers':
      return hasTool('lpstat') || existsSync('/etc/cups/printers.conf') ? undefined : printersEmptyReason();
    case 'temperature':
      return hasEntries('/sys/class/hwmon') || hasEntries('/sys/class/thermal', 'thermal_zone') || hasTool('sensors')
        ? undefined
        : reason('not_present', 'no CPU temperature sensor exposed (virtual machine?)');
  }
}
