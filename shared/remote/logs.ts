import type { OsFamily } from '../contract/ssh';

/**
 * A log a technician commonly wants from a remote machine: a file read over SFTP (its tail when too big)
 * or the output of a command over the SSH shell.
 */
export type LogPreset =
  | { id: string; family: 'linux' | 'macos' | 'windows'; kind: 'file'; path: string }
  | { id: string; family: 'linux' | 'macos' | 'windows'; kind: 'command'; command: string; label: string };

const winEvents = (log: 'System' | 'Application') =>
  // Windows OpenSSH runs commands in cmd.exe: one double-quoted PowerShell command, single quotes inside.
  `powershell -NoProfile -NonInteractive -Command "Get-WinEvent -FilterHashtable @{LogName='${log}'; StartTime=(Get-Date).AddHours(-24)} -ErrorAction SilentlyContinue | Format-List TimeCreated,Id,LevelDisplayName,ProviderName,Message | Out-String -Width 4096"`;

export const LOG_PRESETS: readonly LogPreset[] = [
  { id: 'syslog', family: 'linux', kind: 'file', path: '/var/log/syslog' },
  { id: 'messages', family: 'linux', kind: 'file', path: '/var/log/messages' },
  { id: 'auth', family: 'linux', kind: 'file', path: '/var/log/auth.log' },
  { id: 'journal', family: 'linux', kind: 'command', command: 'journalctl -b --no-pager -o short-iso', label: 'journalctl -b (current boot)' },
  { id: 'dmesg', family: 'linux', kind: 'command', command: 'dmesg', label: 'dmesg (kernel)' },
  { id: 'mac-log', family: 'macos', kind: 'command', command: 'log show --last 1h --style syslog', label: 'log show --last 1h' },
  { id: 'mac-system', family: 'macos', kind: 'file', path: '/var/log/system.log' },
  { id: 'win-system', family: 'windows', kind: 'command', command: winEvents('System'), label: 'Windows System events, last 24 h' },
  { id: 'win-application', family: 'windows', kind: 'command', command: winEvents('Application'), label: 'Windows Application events, last 24 h' },
];

/** The presets offered for a host: its OS family's, Linux's when the family is not known. */
export function logPresetsFor(family: OsFamily): LogPreset[] {
  const wanted = family === 'windows' || family === 'macos' ? family : 'linux';
  return LOG_PRESETS.filter((p) => p.family === wanted);
}

export function logPresetLabel(preset: LogPreset): string {
  return preset.kind === 'file' ? preset.path : preset.label;
}

/** Default and largest size kept per log (the tail); under the 6 MiB a ticket attachment may be. */
export const LOG_DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
export const LOG_MAX_BYTES = 6 * 1024 * 1024;
