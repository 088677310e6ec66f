import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { parsePlanText } from '../../../electron/core/checks';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';

let dir: string;
let core: Core;
let sshd: Sshd;
const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;

const PLAN = `id: system-probes
version: 1
title: { fr: Système, en: System }
checks:
  - id: failed-services
    title: { fr: Services en échec, en: Failed services }
    probe: service.failed
    every: 1h
    value: failed_count
    fail: { field: failed_count, op: ">", value: 0 }
  - id: time-drift
    title: { fr: Dérive de l’horloge, en: Clock drift }
    probe: time.sync
    every: 6h
    value: drift_ms
    warn: { field: synchronized, op: "==", value: false }
    fail: { field: drift_ms, op: ">=", value: 60000 }
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-system-probes-'));
  sshd = await startSshd();
  const key = generateKeyPair(dir, 'client');
  sshd.authorize(key.publicKey);
  core = openTestCore(join(dir, 'data'));
  await call('hosts.add', { name: 'ws-01', address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
  await call('knownHosts.import', { text: `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey.trim()}\n` });
}, 60_000);

afterAll(async () => {
  core?.close();
  await disposeSshd(sshd);
  rmSync(dir, { recursive: true, force: true });
});

describe('failed services and time drift over SSH (the test sshd runs on this machine)', () => {
  it('each gives a measured reading where its tool can answer, else "not available" with the reason: never a pass by default', async () => {
    const loaded = parsePlanText(PLAN, 'system-probes.yaml');
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const result = await core.checks.runner.round(loaded.plan, { all: true });
    const reading = (id: string) => result.readings.find((r) => r.host === 'ws-01' && r.checkId === id)!;
    const systemd = existsSync('/run/systemd/system');

    const services = reading('failed-services');
    if (systemd) {
      expect(['pass', 'fail']).toContain(services.status);
      expect(services.value).toMatch(/^\d+$/);
    } else {
      expect(services).toMatchObject({ status: 'unavailable', value: null, detail: 'systemd is not running on this host' });
    }

    const time = reading('time-drift');
    const source = ['chronyc', 'ntpq'].some((tool) => ['/usr/bin', '/usr/sbin', '/bin', '/sbin'].some((d) => existsSync(join(d, tool))));
    if (time.status === 'unavailable') {
      expect(time.detail).toMatch(/no time synchronisation service can be queried|gave no usable output/);
      if (!systemd && !source) expect(time.detail).toContain('no time synchronisation service can be queried');
    } else {
      expect(systemd || source).toBe(true);
      expect(['pass', 'warn', 'fail']).toContain(time.status);
    }
  }, 90_000);
});
