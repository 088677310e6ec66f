import type { Host, InventoryMachine } from '../../../shared/contract';

/** One entry of the machine picker: this machine, a host of the book, or a machine known only by its snapshots. */
export interface MachineChoice {
  /** `local`, `host:NAME` or `key:MACHINE_KEY` (the select's value). */
  value: string;
  machineKey: string;
  /** Set for hosts of the book: what `inventory.collect` needs. */
  host?: string;
  kind: 'local' | 'host' | 'other';
  label: string;
}

export function machineChoices(
  local: { machineKey: string; hostname: string } | undefined,
  hosts: Host[],
  known: InventoryMachine[],
  localLabel: (name: string) => string,
  kindLabel: (kind: NonNullable<InventoryMachine['kind']>) => string = (kind) => kind,
): MachineChoice[] {
  const out: MachineChoice[] = [];
  if (local) out.push({ value: 'local', machineKey: local.machineKey, kind: 'local', label: localLabel(local.hostname) });
  for (const host of hosts) {
    out.push({ value: `host:${host.name}`, machineKey: host.name, host: host.name, kind: 'host', label: `${host.name} (${host.user}@${host.address})` });
  }
  const taken = new Set(out.map((c) => c.machineKey));
  for (const m of known) {
    if (taken.has(m.machineKey)) continue;
    const name = m.host ? `${m.host} (${m.machineKey.slice(0, 12)})` : m.machineKey;
    // A switch or a printer says what it is, so it is not taken for a computer.
    out.push({ value: `key:${m.machineKey}`, machineKey: m.machineKey, kind: 'other', label: m.kind && m.kind !== 'computer' ? `${kindLabel(m.kind)} · ${name}` : name });
  }
  return out;
}
