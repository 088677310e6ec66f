import { execFile } from 'node:child_process';
import { uptime } from 'node:os';
import { promisify } from 'node:util';
import { unavailableReading, type Reading } from '../../../shared/checklists';
import { num, round, sections } from './shell';
import type { ProbeImpl } from './types';

function uptimeReading(seconds: number, now: number): Reading {
  return {
    available: true,
    uptime_seconds: Math.round(seconds),
    uptime_days: round(seconds / 86_400, 2),
    boot_time: new Date(now - seconds * 1000).toISOString(),
  };
}

export const osUptime: ProbeImpl<Record<string, never>> = {
  name: 'os.uptime',
  linux: () => `cut -d ' ' -f 1 /proc/uptime\necho '== now =='\ndate +%s`,
  parse(output) {
    const parts = sections(output.stdout);
    const seconds = num(parts.get(''));
    const now = num(parts.get('now'));
    if (seconds === null) return unavailableReading('cannot_read', { what: '/proc/uptime' });
    return uptimeReading(seconds, (now ?? Date.now() / 1000) * 1000);
  },
  async local() {
    const seconds = uptime();
    return { reading: uptimeReading(seconds, Date.now()), raw: String(seconds) };
  },
};

export const osPendingReboot: ProbeImpl<Record<string, never>> = {
  name: 'os.pending_reboot',
  linux: () =>
    [
      `[ -f /var/run/reboot-required ] && echo 'reason reboot-required'`,
      `if command -v needs-restarting >/dev/null 2>&1; then needs-restarting -r >/dev/null 2>&1; [ $? -eq 1 ] && echo 'reason needs-restarting'; fi`,
      // A kernel upgrade that removed the running kernel's modules: only meaningful where modules are installed.
      `if [ -d /lib/modules ] && [ -n "$(ls /lib/modules 2>/dev/null)" ] && [ ! -d "/lib/modules/$(uname -r)" ]; then echo 'reason running-kernel-removed'; fi`,
      `echo 'checked'`,
    ].join('\n'),
  parse(output) {
    if (!output.stdout.includes('checked')) return unavailableReading('incomplete', { detail: output.stderr.trim().slice(0, 200) });
    const reasons = output.stdout.split('\n').filter((l) => l.startsWith('reason ')).map((l) => l.slice(7).trim());
    return { available: true, pending: reasons.length > 0, reasons };
  },
  async local() {
    if (process.platform !== 'win32') return null;
    // The registry keys Windows Update and servicing set while a reboot is owed.
    const keys: [string, string, string | undefined][] = [
      ['component-based-servicing', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending', undefined],
      ['windows-update', 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired', undefined],
      ['pending-file-rename', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager', 'PendingFileRenameOperations'],
    ];
    const run = promisify(execFile);
    const reasons: string[] = [];
    const raw: string[] = [];
    for (const [reason, key, value] of keys) {
      try {
        const { stdout } = await run('reg', value ? ['query', key, '/v', value] : ['query', key], { timeout: 5000, windowsHide: true });
        raw.push(stdout);
        reasons.push(reason);
      } catch {
        // reg exits 1 when the key or value is absent: nothing pending from that source.
      }
    }
    return { reading: { available: true, pending: reasons.length > 0, reasons }, raw: raw.join('\n') };
  },
};
