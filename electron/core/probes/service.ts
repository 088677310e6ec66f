import { unavailableReading } from '../../../shared/checklists';
import { requireTool, sections, shq, unavailableFrom, unavailableLine } from './shell';
import type { ProbeImpl } from './types';

export const serviceStatus: ProbeImpl<{ name: string }> = {
  name: 'service.status',
  linux: ({ name }) =>
    [
      requireTool('systemctl'),
      `[ -d /run/systemd/system ] || { ${unavailableLine('no_systemd')}; }`,
      `systemctl show -p LoadState -p ActiveState -p SubState -p UnitFileState -p NRestarts -- ${shq(name)}`,
    ].join('\n'),
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const props = new Map(
      output.stdout
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).trim()] as const),
    );
    const load = props.get('LoadState');
    if (!load) return unavailableReading('no_usable_output', { tool: 'systemctl show', detail: output.stderr.trim().slice(0, 200) });
    const active = props.get('ActiveState') ?? '';
    const restarts = Number(props.get('NRestarts'));
    return {
      available: true,
      exists: load !== 'not-found',
      active: active === 'active',
      active_state: active || null,
      sub_state: props.get('SubState') || null,
      enabled: props.get('UnitFileState') || null,
      restarts: props.has('NRestarts') && Number.isFinite(restarts) ? restarts : null,
    };
  },
};

/** The units systemd lists as failed. Exit status and output are kept apart so "none failed" is never a guess. */
export const serviceFailed: ProbeImpl<Record<string, never>> = {
  name: 'service.failed',
  linux: () =>
    [
      requireTool('systemctl'),
      `[ -d /run/systemd/system ] || { ${unavailableLine('no_systemd')}; }`,
      `units=$(systemctl --failed --no-legend --plain --no-pager 2>&1); status=$?`,
      `echo '== status =='; echo "$status"; echo '== units =='; printf '%s\\n' "$units"`,
    ].join('\n'),
  parse(output) {
    const na = unavailableFrom(output);
    if (na) return na;
    const parts = sections(output.stdout);
    const text = (parts.get('units') ?? '').trim();
    if ((parts.get('status') ?? '').trim() !== '0') return unavailableReading('no_usable_output', { tool: 'systemctl --failed', detail: (text || output.stderr.trim()).slice(0, 200) });
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    const failed = lines.map((l) => l.trim().split(/\s+/)[0]!);
    // Every listed line names a unit (`name.service loaded failed failed Description`); anything else is garbage.
    if (failed.some((unit) => !/^[A-Za-z0-9@._:\\-]+\.[a-z]+$/.test(unit))) return unavailableReading('no_usable_output', { tool: 'systemctl --failed', detail: text.slice(0, 200) });
    return { available: true, failed_count: failed.length, failed };
  },
};
