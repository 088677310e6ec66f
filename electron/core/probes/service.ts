import { unavailableReading } from '../../../shared/checklists';
import { requireTool, shq, unavailableFrom, unavailableLine } from './shell';
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
