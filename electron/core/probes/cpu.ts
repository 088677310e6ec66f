import { availableParallelism, cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { systemInformation } from '../system-information';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { num, round, sections } from './shell';
import type { ProbeImpl } from './types';

const CPU_SENSORS = /^(coretemp|k10temp|zenpower|cpu_thermal|cpu-thermal|x86_pkg_temp|acpitz|soc_thermal)$/;

export const cpuTemperature: ProbeImpl<Record<string, never>> = {
  name: 'cpu.temperature',
  linux: () =>
    [
      `for h in /sys/class/hwmon/hwmon*; do [ -r "$h/name" ] || continue; n=$(cat "$h/name"); for t in "$h"/temp*_input; do [ -r "$t" ] && echo "$n $(cat "$t" 2>/dev/null)"; done; done`,
      `for z in /sys/class/thermal/thermal_zone*; do [ -r "$z/type" ] && echo "$(cat "$z/type") $(cat "$z/temp" 2>/dev/null)"; done`,
    ].join('\n'),
  parse(output) {
    const all: number[] = [];
    const cpu: number[] = [];
    for (const line of output.stdout.split('\n')) {
      const [name, value] = line.trim().split(/\s+/);
      const milli = num(value);
      if (!name || milli === null || milli <= 0) continue;
      const celsius = milli / 1000;
      all.push(celsius);
      if (CPU_SENSORS.test(name)) cpu.push(celsius);
    }
    if (cpu.length === 0) return unavailableReading('no_cpu_sensor');
    return { available: true, temperature_c: round(Math.max(...cpu)), max_c: round(Math.max(...all)), sensors: all.length };
  },
  async local() {
    const t = await (await systemInformation()).cpuTemperature();
    const values = [t.main, ...t.cores, t.max].filter((v): v is number => typeof v === 'number' && v > 0);
    const raw = JSON.stringify(t);
    if (typeof t.main !== 'number' || t.main <= 0) return { reading: unavailableReading('no_cpu_sensor'), raw };
    return { reading: { available: true, temperature_c: round(t.main), max_c: round(Math.max(...values)), sensors: values.length }, raw };
  },
};

function loadReading(cores: number, load: number[] | null, busy: number | null): Reading {
  const [l1, l5, l15] = load ?? [];
  return {
    available: true,
    cores,
    load1: l1 ?? null,
    load5: l5 ?? null,
    load15: l15 ?? null,
    load_per_core: l1 !== undefined && cores > 0 ? round(l1 / cores, 2) : null,
    busy_percent: busy === null ? null : round(busy),
  };
}

function busyFromStat(a: string | undefined, b: string | undefined): number | null {
  const parse = (line: string | undefined) => (line ?? '').trim().split(/\s+/).slice(1).map(Number);
  const x = parse(a);
  const y = parse(b);
  if (x.length < 4 || y.length < 4) return null;
  const idle = (v: number[]) => (v[3] ?? 0) + (v[4] ?? 0);
  const total = (v: number[]) => v.slice(0, 8).reduce((s, n) => s + (Number.isFinite(n) ? n : 0), 0);
  const dt = total(y) - total(x);
  return dt > 0 ? ((dt - (idle(y) - idle(x))) / dt) * 100 : null;
}

export const cpuLoad: ProbeImpl<{ sample_ms: number }> = {
  name: 'cpu.load',
  linux: ({ sample_ms }) =>
    `cat /proc/loadavg\necho '== cores =='\nnproc 2>/dev/null || grep -c ^processor /proc/cpuinfo\necho '== a =='\nhead -n 1 /proc/stat\nsleep ${(sample_ms / 1000).toFixed(1)}\necho '== b =='\nhead -n 1 /proc/stat`,
  parse(output) {
    const parts = sections(output.stdout);
    const load = (parts.get('') ?? '').trim().split(/\s+/).slice(0, 3).map(Number);
    const cores = num(parts.get('cores')) ?? 0;
    if (cores <= 0 || load.length < 3 || load.some((n) => !Number.isFinite(n))) return unavailableReading('cannot_read', { what: '/proc/loadavg' });
    return loadReading(cores, load, busyFromStat(parts.get('a'), parts.get('b')));
  },
  async local({ sample_ms }, { signal }) {
    const before = cpus();
    await sleep(sample_ms, undefined, { signal });
    const after = cpus();
    let busy = 0;
    let total = 0;
    after.forEach((cpu, i) => {
      const prev = before[i]?.times;
      if (!prev) return;
      const t = cpu.times;
      const dt = t.user + t.nice + t.sys + t.idle + t.irq - (prev.user + prev.nice + prev.sys + prev.idle + prev.irq);
      total += dt;
      busy += dt - (t.idle - prev.idle);
    });
    // Windows has no load average (Node returns zeros): say so with nulls rather than a false 0.
    const load = process.platform === 'win32' ? null : loadavg();
    return { reading: loadReading(availableParallelism(), load, total > 0 ? (busy / total) * 100 : null), raw: JSON.stringify({ load, before: before.map((c) => c.times), after: after.map((c) => c.times) }) };
  },
};
