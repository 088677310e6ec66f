import { systemInformation } from '../system-information';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { num, round } from './shell';
import type { ProbeImpl } from './types';

interface BatteryFacts {
  design: number | null;
  full: number | null;
  cycles: number | null;
  percent: number | null;
  charging: boolean | null;
  ac: boolean | null;
}

function batteryReading(b: BatteryFacts): Reading {
  const wear = b.design && b.full && b.design > 0 ? round(Math.max(0, 100 - (b.full / b.design) * 100)) : null;
  return {
    available: true,
    charge_percent: b.percent,
    wear_percent: wear,
    cycle_count: b.cycles,
    charging: b.charging,
    ac_connected: b.ac,
    design_capacity_mwh: b.design,
    full_capacity_mwh: b.full,
  };
}

export const batteryHealth: ProbeImpl<Record<string, never>> = {
  name: 'battery.health',
  linux: () =>
    `for p in /sys/class/power_supply/*; do [ -r "$p/uevent" ] || continue; echo "== $(basename "$p") =="; cat "$p/uevent"; done`,
  parse(output) {
    const supplies = output.stdout.split(/^== .+ ==$/m).map((block) => {
      const map = new Map<string, string>();
      for (const line of block.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) map.set(line.slice(0, eq).replace(/^POWER_SUPPLY_/, ''), line.slice(eq + 1).trim());
      }
      return map;
    });
    const battery = supplies.find((s) => s.get('TYPE') === 'Battery' && s.get('SCOPE') !== 'Device');
    if (!battery) return unavailableReading('no_battery');
    const ac = supplies.find((s) => s.get('TYPE') === 'Mains');
    const voltage = num(battery.get('VOLTAGE_MIN_DESIGN'));
    // Capacity is in µWh (ENERGY_*) or in µAh (CHARGE_*), the latter converted with the design voltage.
    const mwh = (energy: string, charge: string): number | null => {
      const e = num(battery.get(energy));
      if (e !== null) return round(e / 1000, 0);
      const c = num(battery.get(charge));
      return c !== null && voltage ? round((c * voltage) / 1e9, 0) : null;
    };
    const status = battery.get('STATUS');
    return batteryReading({
      design: mwh('ENERGY_FULL_DESIGN', 'CHARGE_FULL_DESIGN'),
      full: mwh('ENERGY_FULL', 'CHARGE_FULL'),
      cycles: num(battery.get('CYCLE_COUNT')) || null,
      percent: num(battery.get('CAPACITY')),
      charging: status ? status === 'Charging' : null,
      ac: ac ? ac.get('ONLINE') === '1' : null,
    });
  },
  async local() {
    const b = await (await systemInformation()).battery();
    const raw = JSON.stringify(b);
    if (!b.hasBattery) return { reading: unavailableReading('no_battery'), raw };
    const inMwh = b.capacityUnit === 'mWh';
    return {
      reading: batteryReading({
        design: inMwh && b.designedCapacity > 0 ? b.designedCapacity : null,
        full: inMwh && b.maxCapacity > 0 ? b.maxCapacity : null,
        cycles: b.cycleCount > 0 ? b.cycleCount : null,
        percent: b.percent,
        charging: b.isCharging,
        ac: b.acConnected,
      }),
      raw,
    };
  },
};
