import { unavailableReading, type Reading } from '../../../shared/checklists';
import { sections, unavailableFrom, unavailableLine } from './shell';
import type { CommandOutput, ProbeImpl } from './types';

/**
 * Whether the clock is synchronised, and by how much it is off when the source says: chrony first (it gives
 * the offset), then ntpd's ntpq, then systemd-timesyncd through timedatectl (synchronised or not, no offset).
 * Sections: `== source ==` (chrony | ntpq | timedatectl), `== data ==`.
 */
const SCRIPT = [
  `if command -v chronyc >/dev/null 2>&1 && data=$(chronyc -n tracking 2>/dev/null) && [ -n "$data" ]; then`,
  `  echo '== source =='; echo chrony`,
  `elif command -v ntpq >/dev/null 2>&1 && data=$(ntpq -c 'rv 0 leap,offset' 2>/dev/null) && [ -n "$data" ]; then`,
  `  echo '== source =='; echo ntpq`,
  `elif command -v timedatectl >/dev/null 2>&1 && [ -d /run/systemd/system ] && data=$(timedatectl show -p NTPSynchronized 2>/dev/null) && [ -n "$data" ]; then`,
  `  echo '== source =='; echo timedatectl`,
  `else`,
  `  ${unavailableLine('no_time_sync')}`,
  `fi`,
  `echo '== data =='; printf '%s\\n' "$data"`,
].join('\n');

function garbage(tool: string, data: string): Reading {
  return unavailableReading('no_usable_output', { tool, detail: data.trim().slice(0, 200) });
}

/** `Leap status : Normal` and `System time : 0.000012 seconds fast of NTP time`. */
function fromChrony(data: string): Reading {
  const leap = /^Leap status\s*:\s*(.+)$/m.exec(data)?.[1]?.trim();
  const time = /^System time\s*:\s*([\d.]+) seconds (fast|slow) of NTP time/m.exec(data);
  if (!leap || !time) return garbage('chronyc tracking', data);
  const offset = Math.round(Number(time[1]) * 1_000_000 * (time[2] === 'fast' ? 1 : -1)) / 1000;
  return { available: true, synchronized: leap !== 'Not synchronised', offset_ms: offset, drift_ms: Math.abs(offset), source: 'chrony' };
}

/** `leap=00, offset=-0.123` (ms); leap 11 means not synchronised. */
function fromNtpq(data: string): Reading {
  const leap = /leap=(\d\d)/.exec(data)?.[1];
  const offset = Number(/offset=([-+]?[\d.]+)/.exec(data)?.[1]);
  if (!leap || !Number.isFinite(offset)) return garbage('ntpq', data);
  return { available: true, synchronized: leap !== '11', offset_ms: offset, drift_ms: Math.abs(offset), source: 'ntpd' };
}

function fromTimedatectl(data: string): Reading {
  const value = /^NTPSynchronized=(yes|no)$/m.exec(data)?.[1];
  if (!value) return garbage('timedatectl show', data);
  return { available: true, synchronized: value === 'yes', offset_ms: null, drift_ms: null, source: 'systemd-timesyncd' };
}

export const timeSync: ProbeImpl<Record<string, never>> = {
  name: 'time.sync',
  linux: () => SCRIPT,
  parse(output: CommandOutput) {
    const na = unavailableFrom(output);
    if (na) return na;
    const parts = sections(output.stdout);
    const data = parts.get('data') ?? '';
    switch ((parts.get('source') ?? '').trim()) {
      case 'chrony':
        return fromChrony(data);
      case 'ntpq':
        return fromNtpq(data);
      case 'timedatectl':
        return fromTimedatectl(data);
      default:
        return garbage('time.sync', output.stdout);
    }
  },
};
