import { describe, expect, it } from 'vitest';
import { batteryHealth } from '../../../electron/core/probes/battery';
import { diskIoErrors, diskSmart } from '../../../electron/core/probes/disk';
import { netGateway, parsePingOutput } from '../../../electron/core/probes/net';
import { printerQueue } from '../../../electron/core/probes/printer';
import { serviceStatus } from '../../../electron/core/probes/service';
import { shq } from '../../../electron/core/probes/shell';

/** Outputs captured from the real tools, for the probes whose tools this machine lacks. */
const out = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

describe('probe parsers on captured tool output', () => {
  it('disk.smart: a failing ATA disk and a healthy NVMe disk', () => {
    const ata = { smart_status: { passed: false }, ata_smart_attributes: { table: [{ id: 5, raw: { value: 24 } }, { id: 197, raw: { value: 8 } }, { id: 198, raw: { value: 2 } }] }, temperature: { current: 41 }, power_on_time: { hours: 31000 } };
    const nvme = { smart_status: { passed: true }, nvme_smart_health_information_log: { percentage_used: 7, media_errors: 0 }, temperature: { current: 38 } };
    const reading = diskSmart.parse(out(`== /dev/sda ==\n${JSON.stringify(ata)}\n== /dev/nvme0 ==\n${JSON.stringify(nvme)}\n`), {});
    expect(reading).toEqual({
      available: true, devices_checked: 2, passed: false, failing_devices: ['/dev/sda'], reallocated_sectors: 24, pending_sectors: 8, uncorrectable_sectors: 2,
      nvme_percentage_used: 7, nvme_media_errors: 0, temperature_c: 41, power_on_hours: 31000,
    });
  });

  it('disk.smart: no permission is "not available", never a verdict', () => {
    const denied = { smartctl: { messages: [{ string: 'Smartctl open device: /dev/sda failed: Permission denied', severity: 'error' }] } };
    const reading = diskSmart.parse(out(`== /dev/sda ==\n${JSON.stringify(denied)}\n`), {});
    expect(reading).toMatchObject({ available: false, code: 'smart_unreadable', params: { devices: '/dev/sda', detail: 'Smartctl open device: /dev/sda failed: Permission denied' } });
  });

  it('disk.io_errors: counts kernel lines and names devices', () => {
    const log = '== source ==\njournal\n== lines ==\nkernel: blk_update_request: I/O error, dev sdb, sector 123\nkernel: ata3.00: error: { UNC }\n';
    expect(diskIoErrors.parse(out(log), { since_hours: 72 })).toMatchObject({ available: true, error_count: 2, devices: ['ata3.00', 'sdb'], source: 'journal' });
    expect(diskIoErrors.parse(out('== source ==\nnone\n'), { since_hours: 72 }).available).toBe(false);
  });

  it('battery.health: wear from µAh capacities and the design voltage', () => {
    const uevent = [
      '== BAT0 ==', 'POWER_SUPPLY_TYPE=Battery', 'POWER_SUPPLY_STATUS=Discharging', 'POWER_SUPPLY_VOLTAGE_MIN_DESIGN=11400000',
      'POWER_SUPPLY_CHARGE_FULL_DESIGN=4000000', 'POWER_SUPPLY_CHARGE_FULL=3000000', 'POWER_SUPPLY_CYCLE_COUNT=412', 'POWER_SUPPLY_CAPACITY=64',
      '== AC ==', 'POWER_SUPPLY_TYPE=Mains', 'POWER_SUPPLY_ONLINE=0',
    ].join('\n');
    expect(batteryHealth.parse(out(uevent), {})).toEqual({
      available: true, charge_percent: 64, wear_percent: 25, cycle_count: 412, charging: false, ac_connected: false, design_capacity_mwh: 45600, full_capacity_mwh: 34200,
    });
    expect(batteryHealth.parse(out('== AC ==\nPOWER_SUPPLY_TYPE=Mains\n'), {})).toEqual({ available: false, reason: 'no battery detected', code: 'no_battery' });
  });

  it('printer.queue: CUPS running, one paused queue, stuck jobs', () => {
    const text = [
      '== r ==', 'scheduler is running', '== d ==', 'system default destination: Office',
      '== p ==', 'printer Office is idle.  enabled since Mon 01 Jan', 'printer Lab disabled since Mon 01 Jan -', '\tPaused',
      '== o ==', 'Office-12 alice 2048 Mon 01 Jan', 'Office-13 bob 1024 Mon 01 Jan',
    ].join('\n');
    expect(printerQueue.parse(out(text), {})).toEqual({
      available: true, scheduler_running: true, printers: 2, disabled_printers: ['Lab'], disabled_count: 1, jobs: 2, default_printer: 'Office',
    });
  });

  it('service.status: systemctl show properties', () => {
    const text = 'LoadState=loaded\nActiveState=failed\nSubState=failed\nUnitFileState=enabled\nNRestarts=3\n';
    expect(serviceStatus.parse(out(text), { name: 'cups.service' })).toEqual({
      available: true, exists: true, active: false, active_state: 'failed', sub_state: 'failed', enabled: 'enabled', restarts: 3,
    });
    expect(serviceStatus.parse(out('LoadState=not-found\nActiveState=inactive\n'), { name: 'x.service' })).toMatchObject({ exists: false, active: false });
  });

  it('net.ping: Linux and Windows summaries', () => {
    expect(parsePingOutput('3 packets transmitted, 2 received, 33% packet loss, time 2003ms\nrtt min/avg/max/mdev = 0.041/0.052/0.063/0.011 ms')).toEqual({
      available: true, reachable: true, sent: 3, received: 2, loss_percent: 33.3, avg_ms: 0.05,
    });
    expect(parsePingOutput('Packets: Sent = 4, Received = 0, Lost = 4 (100% loss)')).toMatchObject({ reachable: false, loss_percent: 100, avg_ms: null });
  });

  it('net.gateway: a live neighbour entry counts when ICMP is dropped', () => {
    const text = '== route ==\ndefault via 10.0.0.1 dev wlp2s0 proto dhcp\n== ping ==\nno\n== neigh ==\n10.0.0.1 dev wlp2s0 lladdr aa:bb REACHABLE\n';
    expect(netGateway.parse(out(text), {})).toEqual({ available: true, has_default_route: true, gateway: '10.0.0.1', interface: 'wlp2s0', reachable: true });
    expect(netGateway.parse(out('== route ==\n\n'), {})).toMatchObject({ has_default_route: false, gateway: null, reachable: null });
  });

  it('quotes shell words so arguments cannot break out', () => {
    expect(shq("a'b; rm -rf /")).toBe(`'a'\\''b; rm -rf /'`);
  });
});
