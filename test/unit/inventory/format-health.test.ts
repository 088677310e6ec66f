import { describe, expect, it } from 'vitest';
import {
  InventorySnapshot, cpuModelKey, formatBytes, formatCelsius, formatDuration, formatGHz, healthBadges, snapshotToText, wearPercent,
} from '../../../shared/inventory';
import { laptop, later } from './fixtures';

describe('readable units', () => {
  it('prints binary sizes, GHz, °C and durations in English and French', () => {
    expect(formatBytes(25276026880)).toBe('23.5 GiB');
    expect(formatBytes(25276026880, 'fr')).toBe('23,5 Gio');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(274877906944)).toBe('256 GiB');
    expect(formatGHz(2.3)).toBe('2.30 GHz');
    expect(formatCelsius(45.4, 'fr')).toBe('45 °C');
    expect(formatDuration(3 * 86400 + 4 * 3600, 'fr')).toBe('3 j 4 h');
  });

  it('matches CPU names across sources', () => {
    expect(cpuModelKey('Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz')).toBe(cpuModelKey('Intel Core™ i5-6200U'));
    expect(wearPercent(57570, 50570)).toBe(12.2);
  });
});

describe('health badges', () => {
  it('flags SMART failing, a battery worn over 20 % and a volume over 90 % full, and nothing on a healthy machine', () => {
    expect(healthBadges(laptop())).toEqual([]);
    const sick = later(laptop(), (s) => {
      s.sections.disks.data[0]!.smart = { health: 'failing' };
      s.sections.battery.data[0]!.wearPercent = 25;
      s.sections.volumes.data[1]!.usedBytes = 95e9;
    });
    expect(healthBadges(sick).map((b) => [b.code, b.level, b.component])).toEqual([
      ['smart_failing', 'fail', 'S29NNXAH146409'], ['battery_worn', 'warn', 'DELL RWT1R43'], ['volume_full', 'warn', '/home'],
    ]);
    const text = snapshotToText(sick, 'fr');
    expect(text).toContain('! SMART en échec');
    expect(text).toContain('volume /home plein à 95 %');
  });

  it('keeps exactly 20 % wear and 90 % full unflagged (the rule is "over")', () => {
    const edge = later(laptop(), (s) => {
      s.sections.battery.data[0]!.wearPercent = 20;
      s.sections.volumes.data[1]!.usedBytes = 90e9;
    });
    expect(healthBadges(edge)).toEqual([]);
  });
});

describe('snapshot schema', () => {
  it('refuses a silent empty section and an unexplained failure, naming the section', () => {
    const silent = structuredClone(laptop()) as unknown as { sections: { usb: { meta: object; data: unknown[] } } };
    silent.sections.usb.data = [];
    const result = InventorySnapshot.safeParse(silent);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('section "usb" is empty but marked ok: say why');
    const unexplained = structuredClone(laptop()) as unknown as { sections: { cpu: { meta: Record<string, unknown> } } };
    unexplained.sections.cpu.meta = { source: 'x', durationMs: 1, status: 'failed' };
    expect(InventorySnapshot.safeParse(unexplained).error?.issues[0]?.path).toEqual(['sections', 'cpu', 'meta', 'reason']);
  });

  it('prints every section in the copy-as-text, with the reason of the empty ones', () => {
    const text = snapshotToText(laptop());
    expect(text).toContain('Printers [empty: no printer configured]');
    expect(text).toContain('Intel Core i5-6200U 2C/4T 2.30 GHz [vmx aes]');
    expect(text).toContain('/home ext4 46.6 GiB / 93.1 GiB (50 %)');
  });
});
