import { readFile } from 'node:fs/promises';
import { systemInformation } from '../system-information';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { kernelLogScript, parseKernelLog } from './kernel-log';
import { num, round, sections } from './shell';
import type { ProbeImpl } from './types';

const MEMORY_ERROR_ERE = 'EDAC|[Mm]achine [Cc]heck|mce: |[Hh]ardware [Ee]rror|[Mm]emory failure|[Cc]orrected error';

export const memoryErrors: ProbeImpl<{ since_hours: number }> = {
  name: 'memory.errors',
  linux: ({ since_hours }) =>
    [
      `echo '== edac =='`,
      `for mc in /sys/devices/system/edac/mc/mc*; do [ -d "$mc" ] && echo "$(cat "$mc/ce_count" 2>/dev/null) $(cat "$mc/ue_count" 2>/dev/null)"; done`,
      kernelLogScript(since_hours, MEMORY_ERROR_ERE),
    ].join('\n'),
  parse(output) {
    const edac = (sections(output.stdout).get('edac') ?? '').split('\n').filter((l) => l.trim() !== '');
    const log = parseKernelLog(output);
    if (edac.length === 0 && log.source === 'none') {
      return unavailableReading('no_edac_no_log');
    }
    let ce: number | null = edac.length > 0 ? 0 : null;
    let ue: number | null = edac.length > 0 ? 0 : null;
    for (const line of edac) {
      const [c, u] = line.trim().split(/\s+/);
      ce = (ce ?? 0) + (num(c) ?? 0);
      ue = (ue ?? 0) + (num(u) ?? 0);
    }
    const lines = log.source === 'none' ? [] : log.lines.filter((l) => !/EDAC .*: Ver:|EDAC MC: Ver/.test(l));
    return {
      available: true,
      edac_present: edac.length > 0,
      corrected_errors: ce,
      uncorrected_errors: ue,
      log_events: log.source === 'none' ? null : lines.length,
      sample: lines.slice(-5),
    };
  },
};

function pressureReading(total: number, available: number, swapTotal: number, swapUsed: number, psi: number | null): Reading {
  if (total <= 0) return unavailableReading('memory_unknown');
  const availablePercent = round((available / total) * 100);
  return {
    available: true,
    total_bytes: total,
    available_bytes: available,
    available_percent: availablePercent,
    used_percent: round(100 - availablePercent),
    swap_total_bytes: swapTotal,
    swap_used_percent: swapTotal > 0 ? round((swapUsed / swapTotal) * 100) : 0,
    psi_some_avg10: psi,
  };
}

function parsePsi(text: string | undefined): number | null {
  const match = /^some .*avg10=([\d.]+)/m.exec(text ?? '');
  return match ? Number(match[1]) : null;
}

export const memoryPressure: ProbeImpl<Record<string, never>> = {
  name: 'memory.pressure',
  linux: () => `cat /proc/meminfo\necho '== psi =='\ncat /proc/pressure/memory 2>/dev/null`,
  parse(output) {
    const parts = sections(output.stdout);
    const kb = (key: string) => {
      const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(parts.get('') ?? '');
      return match ? Number(match[1]) * 1024 : null;
    };
    const total = kb('MemTotal');
    const available = kb('MemAvailable');
    if (total === null || available === null) return unavailableReading('no_usable_output', { tool: '/proc/meminfo' });
    const swapTotal = kb('SwapTotal') ?? 0;
    return pressureReading(total, available, swapTotal, swapTotal - (kb('SwapFree') ?? swapTotal), parsePsi(parts.get('psi')));
  },
  async local() {
    const mem = await (await systemInformation()).mem();
    const psi = process.platform === 'linux' ? await readFile('/proc/pressure/memory', 'utf8').catch(() => '') : '';
    return { reading: pressureReading(mem.total, mem.available, mem.swaptotal, mem.swapused, parsePsi(psi)), raw: JSON.stringify({ mem, psi }) };
  },
};
