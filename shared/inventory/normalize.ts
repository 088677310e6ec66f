import { isEmptyData, type SectionMeta, type SectionReason } from './schema';

/** Placeholders firmware vendors leave in DMI fields: they mean "unknown", not a value. */
const PLACEHOLDERS = new Set([
  '', '-', 'n/a', 'na', 'none', 'null', 'undefined', 'unknown', 'not specified', 'not available', 'not applicable',
  'to be filled by o.e.m.', 'to be filled by oem', 'default string', 'system product name', 'system manufacturer',
  'system serial number', 'system version', 'base board serial number', 'o.e.m.', 'oem', '0', '00000000',
  '0000000000', '123456789', 'chassis serial number', 'type1productconfigid', 'unknow',
]);

/** A trimmed, printable string, or undefined for empty values and vendor placeholders. */
export function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  // eslint-disable-next-line no-control-regex
  const cleaned = String(value).replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 2000);
  return PLACEHOLDERS.has(cleaned.toLowerCase()) ? undefined : cleaned;
}

/** A finite non-negative number, or undefined (accepts numeric strings). */
export function num(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Like num, but 0 means "unknown" (systeminformation reports missing values as 0). */
export function positive(value: unknown): number | undefined {
  const n = num(value);
  return n === undefined || n === 0 ? undefined : n;
}

export function int(value: unknown): number | undefined {
  const n = num(value);
  return n === undefined ? undefined : Math.round(n);
}

/** Copies only defined values, so optional schema fields stay absent instead of `undefined`. */
export function compact<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** CPU features a technician asks about: virtualization, crypto, vector units, 64-bit. */
export const CPU_FLAGS_OF_INTEREST = [
  'vmx', 'svm', 'hypervisor', 'aes', 'sha_ni', 'rdrand', 'sse4_2', 'avx', 'avx2', 'avx512f', 'lm', 'nx', 'pae', 'ht',
  'neon', 'asimd', 'aes-arm', 'sve',
] as const;

export function flagsOfInterest(flags: string | readonly string[] | undefined): string[] {
  const all = new Set((typeof flags === 'string' ? flags.split(/\s+/) : flags ?? []).map((f) => f.toLowerCase()));
  return CPU_FLAGS_OF_INTEREST.filter((f) => all.has(f));
}

/** Compares CPU model names across sources: drops (R), (TM), "CPU", "Processor", the "@ x GHz" suffix. */
export function cpuModelKey(model: string | undefined): string {
  return (model ?? '')
    .toLowerCase()
    .replace(/\((r|tm|c)\)|[®™©]/g, ' ')
    .replace(/@\s*[\d.]+\s*[gm]hz/g, ' ')
    .replace(/\b(cpu|processor|\d+-core)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function wearPercent(designMWh: number | undefined, fullMWh: number | undefined): number | undefined {
  if (!designMWh || fullMWh === undefined) return undefined;
  const wear = 100 * (1 - fullMWh / designMWh);
  return Math.round(Math.min(100, Math.max(0, wear)) * 10) / 10;
}

/** Block devices that are not hardware: RAM disks, compressed swap, loop files, optical placeholders. */
export function isVirtualBlockDevice(name: string | undefined): boolean {
  return /^(loop|ram|zram|nbd|fd|sr)\d*/.test(name ?? '');
}

export function reason(code: SectionReason['code'], message: string, extra: Partial<SectionReason> = {}): SectionReason {
  return compact({ code, message, tool: extra.tool, ms: extra.ms });
}

/**
 * Builds a section's meta from what was found: empty data needs `whyEmpty`; non-empty data with
 * `whyPartial` is partial (some fields could not be read). Never returns a silent empty section.
 */
export function sectionMeta(
  source: string,
  durationMs: number,
  data: unknown,
  whyEmpty: SectionReason | undefined,
  whyPartial?: SectionReason,
): SectionMeta {
  const durationRounded = Math.round(durationMs * 10) / 10;
  if (isEmptyData(data)) {
    return { source, durationMs: durationRounded, status: 'empty', reason: whyEmpty ?? reason('not_present', 'nothing was found') };
  }
  if (whyPartial) return { source, durationMs: durationRounded, status: 'partial', reason: whyPartial };
  return { source, durationMs: durationRounded, status: 'ok' };
}
