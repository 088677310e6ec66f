import { statfs } from 'node:fs/promises';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { kernelLogScript, parseKernelLog } from './kernel-log';
import { requireTool, round, sections, shq, unavailableFrom, unavailableLine } from './shell';
import type { ProbeImpl } from './types';

interface SmartJson {
  smartctl?: { messages?: { string?: string; severity?: string }[] };
  smart_status?: { passed?: boolean };
  ata_smart_attributes?: { table?: { id?: number; raw?: { value?: number } }[] };
  nvme_smart_health_information_log?: { percentage_used?: number; media_errors?: number };
  temperature?: { current?: number };
  power_on_time?: { hours?: number };
}

export const diskSmart: ProbeImpl<{ device?: string }> = {
  name: 'disk.smart',
  linux: ({ device }) =>
    [
      requireTool('smartctl', 'smartmontools'),
      device ? `devs=${shq(device)}` : `devs=$(smartctl --scan 2>/dev/null | awk '{print $1}')`,
      `[ -n "$devs" ] || { ${unavailableLine('no_disk')}; }`,
      `for d in $devs; do echo "== $d =="; smartctl --json=c -H -A -i "$d" 2>&1; echo; done`,
    ].join('\n'),
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const failing: string[] = [];
    const problems: { device: string; why: string }[] = [];
    let checked = 0;
    const worst = { realloc: null as number | null, pending: null as number | null, unc: null as number | null, used: null as number | null, media: null as number | null, temp: null as number | null, hours: null as number | null };
    const max = (a: number | null, b: number | undefined) => (b === undefined || !Number.isFinite(b) ? a : a === null ? b : Math.max(a, b));
    for (const [device, text] of sections(output.stdout)) {
      if (device === '') continue;
      let json: SmartJson;
      try {
        json = JSON.parse(text) as SmartJson;
      } catch {
        problems.push({ device, why: 'no JSON' });
        continue;
      }
      if (typeof json.smart_status?.passed !== 'boolean') {
        const why = json.smartctl?.messages?.map((m) => m.string).filter(Boolean).join('; ') || 'no SMART status';
        problems.push({ device, why });
        continue;
      }
      checked++;
      if (!json.smart_status.passed) failing.push(device);
      const attr = (id: number) => json.ata_smart_attributes?.table?.find((a) => a.id === id)?.raw?.value;
      worst.realloc = max(worst.realloc, attr(5));
      worst.pending = max(worst.pending, attr(197));
      worst.unc = max(worst.unc, attr(198));
      worst.used = max(worst.used, json.nvme_smart_health_information_log?.percentage_used);
      worst.media = max(worst.media, json.nvme_smart_health_information_log?.media_errors);
      worst.temp = max(worst.temp, json.temperature?.current);
      worst.hours = max(worst.hours, json.power_on_time?.hours);
    }
    if (checked === 0) return problems.length ? unavailableReading('smart_unreadable', { devices: problems.map((p) => p.device).join(', '), detail: problems.map((p) => p.why).join(' | ').slice(0, 300) }) : unavailableReading('no_usable_output', { tool: 'smartctl' });
    return {
      available: true,
      devices_checked: checked,
      passed: failing.length === 0,
      failing_devices: failing,
      reallocated_sectors: worst.realloc,
      pending_sectors: worst.pending,
      uncorrectable_sectors: worst.unc,
      nvme_percentage_used: worst.used,
      nvme_media_errors: worst.media,
      temperature_c: worst.temp,
      power_on_hours: worst.hours,
    };
  },
};

function freeReading(mount: string, size: number, free: number): Reading {
  if (size <= 0) return unavailableReading('zero_size', { mount });
  const freePercent = round((free / size) * 100);
  return { available: true, mount, size_bytes: size, free_bytes: free, free_percent: freePercent, used_percent: round(100 - freePercent) };
}

export const diskFree: ProbeImpl<{ mount: string }> = {
  name: 'disk.free',
  linux: ({ mount }) => `[ -e ${shq(mount)} ] || { ${unavailableLine('no_mount', { mount })}; }\ndf -P -k -- ${shq(mount)}`,
  parse(output, { mount }) {
    const na = unavailableFrom(output);
    if (na) return na;
    const last = output.stdout.trim().split('\n').at(-1) ?? '';
    const cols = last.trim().split(/\s+/);
    const blocks = Number(cols[1]);
    const avail = Number(cols[3]);
    if (cols.length < 6 || !Number.isFinite(blocks) || !Number.isFinite(avail)) return unavailableReading('no_usable_output', { tool: `df ${mount}`, detail: (output.stderr.trim() || last || '').slice(0, 200) });
    return freeReading(mount, blocks * 1024, avail * 1024);
  },
  async local({ mount }) {
    try {
      const s = await statfs(mount);
      return { reading: freeReading(mount, s.blocks * s.bsize, s.bavail * s.bsize), raw: JSON.stringify(s) };
    } catch (error) {
      return { reading: unavailableReading('cannot_read', { what: mount, detail: (error as NodeJS.ErrnoException).code ?? (error as Error).message }), raw: String(error) };
    }
  },
};

const IO_ERROR_ERE =
  'I/O error|blk_update_request|[Mm]edium [Ee]rror|\\{ UNC|UNC \\}|failed command: (READ|WRITE)|exception Emask|Sense Key : (Medium|Hardware) Error|nvme[0-9]+.*(timeout|I/O|reset)';
const DEVICE = /\b(sd[a-z]+|nvme\d+(?:n\d+)?|mmcblk\d+|vd[a-z]+|hd[a-z]+|xvd[a-z]+|ata\d+(?:\.\d+)?)\b/g;

export const diskIoErrors: ProbeImpl<{ since_hours: number }> = {
  name: 'disk.io_errors',
  linux: ({ since_hours }) => kernelLogScript(since_hours, IO_ERROR_ERE),
  parse(output) {
    const log = parseKernelLog(output);
    if (log.source === 'none') return unavailableReading('kernel_log_unreadable');
    const devices = new Set<string>();
    for (const line of log.lines) for (const m of line.matchAll(DEVICE)) devices.add(m[1]!);
    return { available: true, error_count: log.lines.length, devices: [...devices].sort(), sample: log.lines.slice(-5), source: log.source };
  },
};
