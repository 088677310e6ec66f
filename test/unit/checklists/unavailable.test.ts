import { describe, expect, it } from 'vitest';
import { UnavailableCode, unavailableReading, unavailableText } from '../../../shared/checklists';
import { unavailableFrom, unavailableLine } from '../../../electron/core/probes/shell';

const PARAMS = { tool: 'smartctl', package: 'smartmontools', platform: 'win32', seconds: 2.5, what: '/var/log/syslog', detail: 'EACCES', name: 'eth0', devices: '/dev/sda', mount: '/srv/data', probe: 'disk.free' };

describe('why a probe could not measure, in the reader’s language', () => {
  it.each(UnavailableCode.options)('%s reads differently in French and English, and keeps the English sentence for older devices', (code) => {
    const reading = unavailableReading(code, PARAMS);
    const fr = unavailableText(reading, 'fr');
    const en = unavailableText(reading, 'en');
    expect(fr).toMatch(/^non disponible : /);
    expect(en).toMatch(/^not available: /);
    expect(fr).not.toBe(en.replace('not available: ', 'non disponible : '));
    expect(fr).not.toContain('?');
    expect(en).toBe(`not available: ${reading.reason}`);
  });

  it('a script line carries its parameters whole, a path with spaces included', () => {
    const line = unavailableLine('cannot_read', { what: '/mnt/Mes documents/log.txt' });
    const stdout = /^echo '(.*)'; exit 0$/.exec(line)?.[1] ?? '';
    const reading = unavailableFrom({ stdout: `${stdout}\n`, stderr: '', exitCode: 0 });
    expect(reading).toMatchObject({ code: 'cannot_read', params: { what: '/mnt/Mes documents/log.txt' } });
    expect(unavailableText(reading as never, 'fr')).toBe('non disponible : impossible de lire /mnt/Mes documents/log.txt');
  });

  it('a reading stored before codes existed shows its own text', () => {
    expect(unavailableText({ reason: 'smartctl is not installed' }, 'fr')).toBe('non disponible : smartctl is not installed');
  });
});
