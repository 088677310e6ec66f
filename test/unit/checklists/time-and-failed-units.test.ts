import { describe, expect, it } from 'vitest';
import { serviceFailed } from '../../../electron/core/probes/service';
import { timeSync } from '../../../electron/core/probes/time';

/** Outputs captured from the real tools (this machine runs no systemd, chrony or ntpd). */
const out = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });

const CHRONY = `Reference ID    : C0A80101 (192.168.1.1)
Stratum         : 3
Ref time (UTC)  : Mon Dec 07 07:40:11 2026
System time     : 0.000123456 seconds slow of NTP time
Last offset     : -0.000012345 seconds
RMS offset      : 0.000045678 seconds
Frequency       : 12.345 ppm fast
Leap status     : Normal
`;

describe('service.failed', () => {
  it('lists the failed units, and none is a measured zero', () => {
    const two = 'cups.service        loaded failed failed CUPS Scheduler\nbackup@nas.timer    loaded failed failed Nightly backup\n';
    expect(serviceFailed.parse(out(`== status ==\n0\n== units ==\n${two}`), {})).toEqual({ available: true, failed_count: 2, failed: ['cups.service', 'backup@nas.timer'] });
    expect(serviceFailed.parse(out('== status ==\n0\n== units ==\n\n'), {})).toEqual({ available: true, failed_count: 0, failed: [] });
  });

  it('a systemctl that errs or prints garbage is "not available", never zero failures', () => {
    const failing = serviceFailed.parse(out('== status ==\n1\n== units ==\nFailed to connect to bus: No such file or directory\n'), {});
    expect(failing).toMatchObject({ available: false, code: 'no_usable_output', params: { tool: 'systemctl --failed', detail: 'Failed to connect to bus: No such file or directory' } });
    expect(serviceFailed.parse(out('== status ==\n0\n== units ==\n<html>oops</html>\n'), {})).toMatchObject({ available: false, code: 'no_usable_output' });
    expect(serviceFailed.parse(out(''), {})).toMatchObject({ available: false });
  });
});

describe('time.sync', () => {
  it('chrony: synchronised, with a signed offset and its size in ms', () => {
    expect(timeSync.parse(out(`== source ==\nchrony\n== data ==\n${CHRONY}`), {})).toEqual({ available: true, synchronized: true, offset_ms: -0.123, drift_ms: 0.123, source: 'chrony' });
    const lost = CHRONY.replace('Normal', 'Not synchronised').replace('0.000123456 seconds slow', '95.5 seconds fast');
    expect(timeSync.parse(out(`== source ==\nchrony\n== data ==\n${lost}`), {})).toEqual({ available: true, synchronized: false, offset_ms: 95_500, drift_ms: 95_500, source: 'chrony' });
  });

  it('ntpd through ntpq, and systemd-timesyncd through timedatectl (no offset: drift left unmeasured)', () => {
    expect(timeSync.parse(out('== source ==\nntpq\n== data ==\nleap=00, offset=-2.250\n'), {})).toEqual({ available: true, synchronized: true, offset_ms: -2.25, drift_ms: 2.25, source: 'ntpd' });
    expect(timeSync.parse(out('== source ==\nntpq\n== data ==\nleap=11, offset=0.000\n'), {})).toMatchObject({ synchronized: false });
    expect(timeSync.parse(out('== source ==\ntimedatectl\n== data ==\nNTPSynchronized=no\n'), {})).toEqual({ available: true, synchronized: false, offset_ms: null, drift_ms: null, source: 'systemd-timesyncd' });
  });

  it('garbage from a source is "not available" with what it said, never synchronised', () => {
    expect(timeSync.parse(out('== source ==\nchrony\n== data ==\n506 Cannot talk to daemon\n'), {})).toMatchObject({ available: false, code: 'no_usable_output', params: { tool: 'chronyc tracking', detail: '506 Cannot talk to daemon' } });
    expect(timeSync.parse(out('== source ==\ntimedatectl\n== data ==\nNTP=yes\n'), {})).toMatchObject({ available: false, code: 'no_usable_output' });
  });
});
