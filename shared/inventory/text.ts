import { formatBytes, formatCelsius, formatDuration, formatGHz, formatMbps, formatPercent, type Lang } from './format';
import { healthBadges, volumeUsedPercent, type HealthBadge } from './health';
import { SECTION_NAMES, type InventorySnapshot, type SectionMeta, type SectionName, type SectionReason } from './schema';

const TITLES: Record<SectionName, Record<Lang, string>> = {
  system: { en: 'System', fr: 'Système' },
  bios: { en: 'BIOS/UEFI', fr: 'BIOS/UEFI' },
  board: { en: 'Board', fr: 'Carte mère' },
  cpu: { en: 'CPU', fr: 'Processeur' },
  memory: { en: 'Memory', fr: 'Mémoire' },
  disks: { en: 'Disks', fr: 'Disques' },
  volumes: { en: 'Volumes', fr: 'Volumes' },
  network: { en: 'Network', fr: 'Réseau' },
  os: { en: 'Operating system', fr: "Système d'exploitation" },
  battery: { en: 'Battery', fr: 'Batterie' },
  graphics: { en: 'Graphics and displays', fr: 'Graphique et écrans' },
  usb: { en: 'USB devices', fr: 'Périphériques USB' },
  printers: { en: 'Printers', fr: 'Imprimantes' },
  sensors: { en: 'Sensors', fr: 'Capteurs' },
};

export function sectionTitle(name: SectionName, lang: Lang = 'en'): string {
  return TITLES[name][lang];
}

/** A reason in the reader's language (the stored `message` is the English detail). */
export function reasonText(reason: SectionReason, lang: Lang = 'en'): string {
  const tool = reason.tool ?? '';
  const fr: Record<SectionReason['code'], string> = {
    no_dmi: 'pas de tables DMI sur cette machine',
    needs_root: `${tool || 'cet outil'} demande les droits administrateur`,
    not_installed: `${tool || "l'outil"} n'est pas installé`,
    not_present: 'matériel absent',
    timed_out: `délai dépassé après ${reason.ms ?? '?'} ms`,
    cancelled: 'annulé',
    failed: `échec : ${reason.message}`,
    unsupported: 'non pris en charge sur ce système',
    not_in_source: 'absent de la source importée',
  };
  return lang === 'fr' ? fr[reason.code] : reason.message;
}

const STATUS: Record<SectionMeta['status'], Record<Lang, string>> = {
  ok: { en: 'ok', fr: 'ok' },
  partial: { en: 'partial', fr: 'partiel' },
  empty: { en: 'empty', fr: 'vide' },
  failed: { en: 'failed', fr: 'échec' },
  skipped: { en: 'skipped', fr: 'ignoré' },
};

export function badgeText(badge: HealthBadge, lang: Lang = 'en'): string {
  const v = formatPercent(badge.value, lang);
  switch (badge.code) {
    case 'smart_failing':
      return lang === 'fr' ? `SMART en échec : disque ${badge.component}` : `SMART failing: disk ${badge.component}`;
    case 'battery_worn':
      return lang === 'fr' ? `batterie usée (${v})` : `battery worn (${v})`;
    case 'volume_full':
      return lang === 'fr' ? `volume ${badge.component} plein à ${v}` : `volume ${badge.component} ${v} full`;
  }
}

/** The snapshot as plain text, for a ticket comment ("copy as text"). */
export function snapshotToText(s: InventorySnapshot, lang: Lang = 'en'): string {
  const t = s.sections;
  const join = (...parts: (string | number | undefined | false)[]) => parts.filter(Boolean).join(' ');
  const lines: string[] = [];
  const head = lang === 'fr' ? 'Inventaire' : 'Inventory';
  lines.push(`${head} ${t.os.data.hostname ?? s.machineKey} — ${s.takenAt} (${s.takenBy}, ${s.collector})`);
  const badges = healthBadges(s);
  for (const badge of badges) lines.push(`! ${badgeText(badge, lang)}`);
  const body: Record<SectionName, string[]> = {
    system: [join(t.system.data.manufacturer, t.system.data.model, t.system.data.serial && `S/N ${t.system.data.serial}`, t.system.data.uuid && `UUID ${t.system.data.uuid}`)],
    bios: [join(t.bios.data.vendor, t.bios.data.version, t.bios.data.releaseDate, t.bios.data.firmware?.toUpperCase())],
    board: [join(t.board.data.manufacturer, t.board.data.model, t.board.data.version, t.board.data.serial && `S/N ${t.board.data.serial}`)],
    cpu: [
      join(t.cpu.data.model, t.cpu.data.cores !== undefined && `${t.cpu.data.cores}C/${t.cpu.data.threads ?? '?'}T`,
        t.cpu.data.baseGHz !== undefined && formatGHz(t.cpu.data.baseGHz, lang), t.cpu.data.maxGHz !== undefined && `max ${formatGHz(t.cpu.data.maxGHz, lang)}`,
        t.cpu.data.flags.length > 0 && `[${t.cpu.data.flags.join(' ')}]`),
    ],
    memory: [
      join(formatBytes(t.memory.data.totalBytes, lang), t.memory.data.swapBytes ? `swap ${formatBytes(t.memory.data.swapBytes, lang)}` : undefined),
      ...t.memory.data.modules.map((m) => `  ${join(m.slot, formatBytes(m.sizeBytes, lang), m.type, m.speedMTs && `${m.speedMTs} MT/s`, m.manufacturer, m.partNumber)}`),
    ],
    disks: t.disks.data.map((d) => join(d.name, d.model, formatBytes(d.sizeBytes, lang), d.kind?.toUpperCase(), d.interface, d.serial && `S/N ${d.serial}`, d.firmware && `FW ${d.firmware}`,
      d.smart && `SMART ${d.smart.health}`, d.smart?.temperatureC !== undefined && formatCelsius(d.smart.temperatureC, lang))),
    volumes: t.volumes.data.map((v) => join(v.mount, v.fs, `${formatBytes(v.usedBytes, lang)} / ${formatBytes(v.sizeBytes, lang)}`,
      `(${formatPercent(volumeUsedPercent(v.sizeBytes, v.usedBytes), lang)})`, v.encryption?.encrypted && `[${v.encryption.method ?? 'encrypted'}]`)),
    network: t.network.data.map((n) => join(n.name, n.state, n.mac, ...n.ipv4.map((a) => a.address), ...n.ipv6.map((a) => a.address),
      n.speedMbps !== undefined && formatMbps(n.speedMbps, lang), n.wifi && 'wifi')),
    os: [join(t.os.data.distribution, t.os.data.version, t.os.data.codename && `(${t.os.data.codename})`, t.os.data.kernel, t.os.data.arch,
      t.os.data.uptimeSeconds !== undefined && `${lang === 'fr' ? 'allumé depuis' : 'up'} ${formatDuration(t.os.data.uptimeSeconds, lang)}`)],
    battery: t.battery.data.map((b) => join(b.model, b.designCapacityMWh !== undefined && `${b.fullCapacityMWh ?? '?'}/${b.designCapacityMWh} mWh`,
      b.wearPercent !== undefined && `${lang === 'fr' ? 'usure' : 'wear'} ${formatPercent(b.wearPercent, lang)}`, b.cycles !== undefined && `${b.cycles} cycles`)),
    graphics: [...t.graphics.data.gpus.map((g) => join(g.vendor, g.model, g.vramMiB && formatBytes(g.vramMiB * 1048576, lang))),
      ...t.graphics.data.displays.map((d) => join(d.vendor, d.model, d.resolutionX && `${d.resolutionX}x${d.resolutionY}`, d.connection))],
    usb: t.usb.data.map((u) => join(u.name, u.manufacturer, u.vendorId && `${u.vendorId}:${u.productId}`)),
    printers: t.printers.data.map((p) => join(p.name, p.model, p.isDefault && '(default)', p.status)),
    sensors: [join(t.sensors.data.cpuTemperatureC !== undefined && `CPU ${formatCelsius(t.sensors.data.cpuTemperatureC, lang)}`,
      t.sensors.data.cpuCurrentGHz !== undefined && formatGHz(t.sensors.data.cpuCurrentGHz, lang))],
  };
  for (const name of SECTION_NAMES) {
    const meta = t[name].meta;
    const colon = lang === 'fr' ? ' : ' : ': ';
    const status = meta.status === 'ok' ? '' : ` [${STATUS[meta.status][lang]}${meta.reason ? colon + reasonText(meta.reason, lang) : ''}]`;
    lines.push(`${sectionTitle(name, lang)}${status}`);
    for (const line of body[name]) if (line.trim()) lines.push(`  ${line}`);
  }
  return lines.join('\n') + '\n';
}
