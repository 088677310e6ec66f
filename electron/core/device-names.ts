import { z } from 'zod';
import type { Database } from './db/open';
import { readStored, writeStored } from './db/stored-values';

const KEY = 'sync.deviceNames';
const Names = z.record(z.string(), z.string());

/**
 * Names of the team's devices by clock node ("Karim (desk)"), as the hub last told them: timelines and
 * banners name people and their machines, not hex ids. Empty without a hub.
 */
export function readDeviceNames(db: Database): Record<string, string> {
  const parsed = Names.safeParse(readStored(db, KEY));
  return parsed.success ? parsed.data : {};
}

/** Keeps the hub's list; writes only when it changed, so an unchanged list moves no screen. */
export function saveDeviceNames(db: Database, devices: readonly { node: string; user: string; device: string }[]): void {
  const names = Object.fromEntries(devices.map((d) => [d.node, `${d.user} (${d.device})`]));
  if (JSON.stringify(names) === JSON.stringify(readDeviceNames(db))) return;
  writeStored(db, KEY, names);
}
