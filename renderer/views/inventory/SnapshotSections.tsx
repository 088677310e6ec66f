import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  SECTION_NAMES, formatBytes, reasonText, formatCelsius, formatDuration, formatGHz, formatMbps, formatPercent, volumeUsedPercent,
  type EquipmentInfo, type InventoryKind, type InventorySnapshot, type Lang, type SectionMeta, type SectionName,
} from '../../../shared/inventory';

type Cell = ReactNode | undefined;
/** One row of label/value pairs; undefined values are left out. */
type Pairs = [string, Cell][];

export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('fr') ? 'fr' : 'en';
}

/** A section's status and, when it is not plainly ok, why, in the reader's language. */
export function SectionStatus({ meta }: { meta: SectionMeta }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (meta.status === 'ok') return null;
  // One place translates reason codes (shared/inventory/text.ts): the English detail, or its French wording.
  const text = meta.reason ? reasonText(meta.reason, lang) : '';
  const why = text.charAt(0).toUpperCase() + text.slice(1);
  return (
    <p className={`inv-status inv-status-${meta.status}`}>
      <span className="inv-status-tag">{t(`inventory.status.${meta.status}`)}</span> {why}
    </p>
  );
}

function KeyValues({ pairs }: { pairs: Pairs }) {
  const shown = pairs.filter(([, v]) => v !== undefined && v !== '' && v !== false);
  if (shown.length === 0) return null;
  return (
    <dl className="inv-kv">
      {shown.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Table({ caption, rows }: { caption: string; rows: Pairs[] }) {
  if (rows.length === 0) return null;
  const columns = [...new Set(rows.flatMap((r) => r.filter(([, v]) => v !== undefined && v !== '').map(([k]) => k)))];
  return (
    // Focusable so a table wider than its card scrolls from the keyboard too.
    <div className="inv-table-wrap" tabIndex={0} role="group" aria-label={caption}>
      <table className="inv-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
        </thead>
        <tbody>
          {rows.map((row, i) => {
            const map = new Map(row);
            return <tr key={i}>{columns.map((c) => <td key={c}>{map.get(c) ?? ''}</td>)}</tr>;
          })}
        </tbody>
      </table>
    </div>
  );
}

/** Every section of a snapshot with readable units; empty sections say why. */
export function SnapshotSections({ snapshot }: { snapshot: InventorySnapshot }) {
  const { t } = useTranslation();
  const lang = useLang();
  const f = (key: string) => t(`inventory.field.${key}`);
  const yes = (v: boolean | undefined) => (v === undefined ? undefined : v ? f('yes') : f('no'));
  const s = snapshot.sections;
  const opt = <T,>(v: T | undefined, fmt: (x: T) => string) => (v === undefined ? undefined : fmt(v));

  const body: Record<SectionName, ReactNode> = {
    system: <KeyValues pairs={[[f('manufacturer'), s.system.data.manufacturer], [f('model'), s.system.data.model], [f('serial'), s.system.data.serial], [f('uuid'), s.system.data.uuid], [f('sku'), s.system.data.sku], [f('chassis'), s.system.data.chassis], [f('virtual'), yes(s.system.data.virtual)]]} />,
    bios: <KeyValues pairs={[[f('vendor'), s.bios.data.vendor], [f('version'), s.bios.data.version], [f('releaseDate'), s.bios.data.releaseDate], [f('firmware'), s.bios.data.firmware?.toUpperCase()], [f('secureBoot'), yes(s.bios.data.secureBoot)]]} />,
    board: <KeyValues pairs={[[f('manufacturer'), s.board.data.manufacturer], [f('model'), s.board.data.model], [f('version'), s.board.data.version], [f('serial'), s.board.data.serial], [f('assetTag'), s.board.data.assetTag]]} />,
    cpu: <KeyValues pairs={[[f('model'), s.cpu.data.model], [f('manufacturer'), s.cpu.data.manufacturer], [f('sockets'), s.cpu.data.sockets], [f('cores'), s.cpu.data.cores], [f('threads'), s.cpu.data.threads], [f('baseGHz'), opt(s.cpu.data.baseGHz, (v) => formatGHz(v, lang))], [f('maxGHz'), opt(s.cpu.data.maxGHz, (v) => formatGHz(v, lang))], [f('flags'), s.cpu.data.flags.join(' ') || undefined]]} />,
    memory: (
      <>
        <KeyValues pairs={[[f('total'), opt(s.memory.data.totalBytes, (v) => formatBytes(v, lang))], [f('swap'), opt(s.memory.data.swapBytes, (v) => formatBytes(v, lang))]]} />
        <Table caption={t('inventory.section.memory')} rows={s.memory.data.modules.map((m) => [[f('slot'), m.slot], [f('size'), opt(m.sizeBytes, (v) => formatBytes(v, lang))], [f('type'), m.type], [f('speed'), opt(m.speedMTs, (v) => `${v} MT/s`)], [f('manufacturer'), m.manufacturer], [f('partNumber'), m.partNumber], [f('serial'), m.serial]])} />
      </>
    ),
    disks: <Table caption={t('inventory.section.disks')} rows={s.disks.data.map((d) => [[f('name'), d.name], [f('model'), d.model], [f('size'), opt(d.sizeBytes, (v) => formatBytes(v, lang))], [f('kind'), d.kind?.toUpperCase()], [f('interface'), d.interface], [f('serial'), d.serial], [f('firmwareVersion'), d.firmware], [f('smart'), d.smart && <span className={`inv-smart inv-smart-${d.smart.health}`}>{d.smart.health}</span>], [f('temperature'), opt(d.smart?.temperatureC, (v) => formatCelsius(v, lang))], [f('powerOnHours'), d.smart?.powerOnHours]])} />,
    volumes: <Table caption={t('inventory.section.volumes')} rows={s.volumes.data.map((v) => {
      const used = volumeUsedPercent(v.sizeBytes, v.usedBytes);
      return [[f('mount'), v.mount], [f('fs'), v.fs], [f('size'), opt(v.sizeBytes, (x) => formatBytes(x, lang))],
        [f('used'), used === undefined ? undefined : <span className="inv-used"><meter min={0} max={100} value={used} aria-label={`${v.mount} ${formatPercent(used, lang)}`} /> {formatBytes(v.usedBytes, lang)} ({formatPercent(used, lang)})</span>],
        [f('encryption'), v.encryption ? (v.encryption.encrypted ? v.encryption.method ?? f('yes') : f('no')) : undefined], [f('device'), v.device]];
    })} />,
    network: <Table caption={t('inventory.section.network')} rows={s.network.data.map((n) => [[f('name'), n.name], [f('state'), n.state], [f('mac'), n.mac], [f('addresses'), [...n.ipv4, ...n.ipv6].map((a) => a.address).join(' ') || undefined], [f('speed'), opt(n.speedMbps, (v) => formatMbps(v, lang))], [f('wifi'), n.wifi ? f('yes') : undefined]])} />,
    os: <KeyValues pairs={[[f('distribution'), [s.os.data.distribution, s.os.data.version, s.os.data.codename && `(${s.os.data.codename})`].filter(Boolean).join(' ') || undefined], [f('kernel'), s.os.data.kernel], [f('arch'), s.os.data.arch], [f('hostname'), s.os.data.hostname], [f('uptime'), opt(s.os.data.uptimeSeconds, (v) => formatDuration(v, lang))], [f('lastBoot'), s.os.data.lastBoot], [f('timezone'), s.os.data.timezone]]} />,
    battery: <Table caption={t('inventory.section.battery')} rows={s.battery.data.map((b) => [[f('model'), b.model], [f('manufacturer'), b.manufacturer], [f('capacity'), b.designCapacityMWh === undefined ? undefined : `${b.fullCapacityMWh ?? '?'} / ${b.designCapacityMWh} mWh`], [f('wear'), opt(b.wearPercent, (v) => formatPercent(v, lang))], [f('cycles'), b.cycles], [f('charge'), opt(b.percent, (v) => formatPercent(v, lang))]])} />,
    graphics: (
      <>
        <Table caption={t('inventory.section.graphics')} rows={s.graphics.data.gpus.map((g) => [[f('vendor'), g.vendor], [f('model'), g.model], [f('vram'), opt(g.vramMiB, (v) => formatBytes(v * 2 ** 20, lang))], [f('version'), g.driverVersion]])} />
        <Table caption={t('inventory.section.graphics')} rows={s.graphics.data.displays.map((d) => [[f('vendor'), d.vendor], [f('model'), d.model], [f('resolution'), d.resolutionX ? `${d.resolutionX}×${d.resolutionY ?? '?'}` : undefined], [f('connection'), d.connection], [f('serial'), d.serial]])} />
      </>
    ),
    usb: <Table caption={t('inventory.section.usb')} rows={s.usb.data.map((u) => [[f('name'), u.name], [f('manufacturer'), u.manufacturer], [f('id'), u.vendorId ? `${u.vendorId}:${u.productId ?? '?'}` : undefined], [f('type'), u.type]])} />,
    printers: <Table caption={t('inventory.section.printers')} rows={s.printers.data.map((p) => [[f('name'), p.name], [f('model'), p.model], [f('default'), p.isDefault ? f('yes') : undefined], [f('state'), p.status]])} />,
    sensors: <KeyValues pairs={[[f('cpuTemperature'), opt(s.sensors.data.cpuTemperatureC, (v) => formatCelsius(v, lang))], [f('cpuSpeed'), opt(s.sensors.data.cpuCurrentGHz, (v) => formatGHz(v, lang))]]} />,
  };

  // A switch or a printer has no BIOS or battery: those sections are named once, not shown as fourteen empty cards.
  const device = snapshot.kind !== undefined && snapshot.kind !== 'computer';
  const absent = device ? SECTION_NAMES.filter((name) => s[name].meta.status === 'skipped' && s[name].meta.reason?.code === 'not_in_source') : [];
  const shown = SECTION_NAMES.filter((name) => !absent.includes(name));
  return (
    <div className="inv-sections">
      {snapshot.equipment && <EquipmentSection kind={snapshot.kind ?? 'computer'} equipment={snapshot.equipment} />}
      {absent.length > 0 && (
        <p className="muted small inv-absent">
          {t('inventory.notInSource', { kind: t(`inventory.kind.${snapshot.kind ?? 'computer'}`), sections: absent.map((name) => t(`inventory.section.${name}`)).join(', ') })}
        </p>
      )}
      {shown.map((name) => (
        <section key={name} className={`inv-section inv-section-${s[name].meta.status}`} aria-labelledby={`inv-${name}`}>
          <h2 id={`inv-${name}`}>{t(`inventory.section.${name}`)}</h2>
          <SectionStatus meta={s[name].meta} />
          {body[name]}
        </section>
      ))}
    </div>
  );
}

/** A network device's, printer's or phone's own card: what it is, its firmware, and its ports. */
function EquipmentSection({ kind, equipment: e }: { kind: InventoryKind; equipment: EquipmentInfo }) {
  const { t } = useTranslation();
  const lang = useLang();
  const f = (key: string) => t(`inventory.field.${key}`);
  const entries = (record: Record<string, string | number> | undefined) => (record ? Object.entries(record).map(([k, v]) => `${k} ${v}`).join(', ') : undefined);
  return (
    <section className="inv-section inv-section-ok inv-equipment" aria-labelledby="inv-equipment">
      <h2 id="inv-equipment">{t('inventory.section.equipment')}</h2>
      <KeyValues
        pairs={[
          [f('kindOfItem'), t(`inventory.kindLabel.${kind}`)], [f('manufacturer'), e.manufacturer], [f('model'), e.model], [f('serial'), e.serial],
          [f('firmware'), e.firmware], [f('name'), e.name], [f('type'), e.type], [f('mac'), e.mac], [f('addresses'), e.ips.join(' ') || undefined],
          [f('location'), e.location], [f('contact'), e.contact], [f('uptime'), e.uptime],
          [f('memory'), e.memoryMiB === undefined ? undefined : formatBytes(e.memoryMiB * 2 ** 20, lang)],
          [f('pageCounters'), entries(e.pageCounters)], [f('cartridges'), entries(e.cartridges)], [f('description'), e.description],
        ]}
      />
      {e.firmwares.length > 0 && <h3>{f('firmwares')}</h3>}
      <Table caption={f('firmwares')} rows={e.firmwares.map((fw) => [[f('name'), fw.name], [f('version'), fw.version], [f('manufacturer'), fw.manufacturer], [f('type'), fw.type]])} />
      {e.ports.length > 0 && <h3>{f('ports')} ({e.ports.length})</h3>}
      <Table
        caption={f('ports')}
        rows={e.ports.map((p) => [
          [f('number'), p.number], [f('port'), p.name], [f('state'), p.state], [f('speed'), p.speedMbps === undefined ? undefined : formatMbps(p.speedMbps, lang)],
          [f('mac'), p.mac], [f('addresses'), p.ips.join(' ') || undefined], [f('alias'), p.alias], [f('description'), p.description !== p.name ? p.description : undefined],
        ])}
      />
    </section>
  );
}
