import type { InventorySnapshot, SectionName } from './schema';

export const BATTERY_WEAR_WARN_PERCENT = 20;
export const VOLUME_FULL_WARN_PERCENT = 90;

export type BadgeCode = 'smart_failing' | 'battery_worn' | 'volume_full';

export interface HealthBadge {
  level: 'warn' | 'fail';
  code: BadgeCode;
  section: SectionName;
  /** Which component: disk serial or name, battery model, mount point. */
  component: string;
  value?: number;
  threshold?: number;
}

/** The health rules, in one place: SMART failing, battery worn over 20 %, volume over 90 % full. */
export function healthBadges(snapshot: InventorySnapshot): HealthBadge[] {
  const badges: HealthBadge[] = [];
  for (const disk of snapshot.sections.disks.data) {
    if (disk.smart?.health === 'failing') {
      badges.push({ level: 'fail', code: 'smart_failing', section: 'disks', component: disk.serial ?? disk.name ?? disk.model ?? '?' });
    }
  }
  for (const battery of snapshot.sections.battery.data) {
    if (battery.wearPercent !== undefined && battery.wearPercent > BATTERY_WEAR_WARN_PERCENT) {
      badges.push({
        level: 'warn', code: 'battery_worn', section: 'battery', component: battery.model ?? battery.serial ?? 'battery',
        value: battery.wearPercent, threshold: BATTERY_WEAR_WARN_PERCENT,
      });
    }
  }
  for (const volume of snapshot.sections.volumes.data) {
    const used = volumeUsedPercent(volume.sizeBytes, volume.usedBytes);
    if (used !== undefined && used > VOLUME_FULL_WARN_PERCENT) {
      badges.push({ level: 'warn', code: 'volume_full', section: 'volumes', component: volume.mount, value: used, threshold: VOLUME_FULL_WARN_PERCENT });
    }
  }
  return badges;
}

export function volumeUsedPercent(size: number | undefined, used: number | undefined): number | undefined {
  if (!size || used === undefined) return undefined;
  return Math.round((1000 * used) / size) / 10;
}
