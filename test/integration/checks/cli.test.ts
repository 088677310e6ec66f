import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../setup/cli';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';

let dir: string;
let sshd: Sshd;
let dataDir: string;
let logFile: string;

const plan = (extra = '') => `id: cron-plan
version: 1
title: { fr: Tâche planifiée, en: Cron plan }
checks:
  - id: app-log
    title: { fr: Journal, en: Log }
    probe: log.grep
    args: { source: ${logFile}, pattern: "ERROR" }
    every: 1h
    value: matches
    fail: { field: matches, op: ">", value: 0 }
${extra}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-checks-cli-'));
  sshd = await startSshd();
  const key = generateKeyPair(dir, 'client');
  sshd.authorize(key.publicKey);
  logFile = join(sshd.userDir, 'app.log');
  writeFileSync(logFile, 'ok\n', { mode: 0o644 });
  dataDir = join(dir, 'data');
  const core = openTestCore(dataDir);
  await core.dispatch('hosts.add', { name: 'jump-01', address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
  await core.dispatch('knownHosts.import', { text: `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey.trim()}\n` });
  core.close();
}, 60_000);

afterAll(async () => {
  await disposeSshd(sshd);
  rmSync(dir, { recursive: true, force: true });
});

describe('atelier checks', () => {
  it('validate refuses a plan with errors, naming file, line and field', () => {
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, plan().replace('value: matches', 'value: hits'));
    const result = runCli(['checks', 'validate', file]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe(`${file}:10:12: checks[0].value: "hits" is not a field of log.grep's reading (fields: matches, lines_scanned, truncated, sample)\n`);
    const good = join(dir, 'good.yaml');
    writeFileSync(good, plan());
    expect(runCli(['checks', 'validate', good])).toMatchObject({ status: 0, stdout: 'OK: 1 plan file(s) valid\n' });
  }, 180_000);

  it('run --plan runs one round: exit 0 when all pass, 1 when a check fails, and a broken plan runs nothing', () => {
    const file = join(dir, 'cron.yaml');
    writeFileSync(file, plan());
    const passing = runCli(['checks', 'run', '--plan', file, '--data-dir', dataDir]);
    expect(passing.stderr).toBe('');
    expect(passing.status).toBe(0);
    expect(passing.stdout).toMatch(/^jump-01\tapp-log\tpass\t0$/m);

    writeFileSync(logFile, 'ERROR printer spooler crashed\n');
    const failing = runCli(['checks', 'run', '--plan', file, '--all', '--data-dir', dataDir]);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toMatch(/^jump-01\tapp-log\tfail\t1\tmatches > 0$/m);
    expect(failing.stdout).toMatch(/^incident opened: jump-01 app-log \(ticket T-[0-9A-Z]+\)$/m);

    const broken = join(dir, 'broken-run.yaml');
    writeFileSync(broken, plan().replace('every: 1h', 'every: sometimes'));
    const refused = runCli(['checks', 'run', '--plan', broken, '--all', '--data-dir', dataDir]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(/broken-run\.yaml:9:12: checks\[0\]\.every: every: a duration/);
    expect(refused.stdout).not.toMatch(/app-log\t/);
  }, 300_000);
});
