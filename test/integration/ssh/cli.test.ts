import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/program';
import { disposeSshd, generateKeyPair, startSshd, type KeyPair, type Sshd } from '../../setup/sshd';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const ENTRY = join(ROOT, 'electron', 'cli', 'index.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** In-process run of the same `main` the binary calls: fast, and stdout/stderr captured. */
async function atelierInProcess(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** A real `atelier` process, to check what a shell script sees (exit code, stderr). */
async function atelier(args: string[]): Promise<Run> {
  const child = spawn(TSX, [ENTRY, ...args], { cwd: ROOT, env: { ...process.env, ATELIER_LOG_LEVEL: 'silent' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // tsx compiles the CLI from its sources first: at a load of 30 on two cores that took over 20 s (CI17).
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await new Promise<number | null>((done) => child.once('close', done));
  clearTimeout(timer);
  return { code, stdout, stderr };
}

describe('atelier hosts / atelier ssh run (CLI, real process, real sshd)', () => {
  let sshd: Sshd;
  let key: KeyPair;
  let dir: string;
  let dataDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-cli-ssh-'));
    dataDir = join(dir, 'data');
    sshd = await startSshd();
    key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
  });
  afterAll(async () => {
    await disposeSshd(sshd);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds and lists hosts', async () => {
    const add = await atelierInProcess(['hosts', 'add', 'box', '--address', '127.0.0.1', '--port', String(sshd.port), '--user', sshd.user, '--key', key.privateKeyFile, '--data-dir', dataDir]);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain(`box\t${sshd.user}@127.0.0.1:${sshd.port}`);
    const list = await atelierInProcess(['hosts', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'box', port: sshd.port, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } })]);
  }, 120_000);

  it('adds a host with legacy algorithms allowed for it only, and refuses a name it does not know', async () => {
    const add = await atelierInProcess(['hosts', 'add', 'old-nas', '--address', '10.0.5.2', '--legacy', 'ssh-rsa,diffie-hellman-group14-sha1', '--data-dir', dataDir]);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('legacy crypto: ssh-rsa,diffie-hellman-group14-sha1');
    const bad = await atelierInProcess(['hosts', 'add', 'bad-nas', '--address', '10.0.5.3', '--legacy', 'rot13', '--data-dir', dataDir]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('host.legacyAlgorithms[0]: Invalid option');
    await atelierInProcess(['hosts', 'remove', 'old-nas', '--data-dir', dataDir]);
  }, 120_000);

  it('refuses an unknown host key with one line, then passes the remote exit code through with --accept-new', async () => {
    const refused = await atelierInProcess(['ssh', 'run', 'box', '--data-dir', dataDir, '--', 'echo', 'never']);
    expect(refused.code).toBe(255);
    expect(refused.stdout).toBe('');
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`not known yet \\(ssh-ed25519 ${sshd.hostFingerprint().replace(/[+/]/g, '\\$&')}\\).*--accept-new`));

    const run = await atelier(['ssh', 'run', 'box', '--accept-new', '--data-dir', dataDir, '--', 'echo out; echo err >&2; exit 3']);
    expect(run).toEqual({ code: 3, stdout: 'out\n', stderr: 'err\n' });
  }, 120_000);

  it('always refuses a changed host key, even with --accept-new', async () => {
    await sshd.rotateHostKey();
    const run = await atelierInProcess(['ssh', 'run', 'box', '--accept-new', '--data-dir', dataDir, '--', 'true']);
    expect(run.code).toBe(255);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/has CHANGED.*Not connecting\.$/);
  }, 120_000);

  it('trusts keys imported from a known_hosts file', async () => {
    const knownHosts = join(dir, 'known_hosts');
    writeFileSync(knownHosts, `[127.0.0.1]:${sshd.port} ${sshd.hostPublicKey}\n`);
    const other = join(dir, 'data2');
    await atelierInProcess(['hosts', 'add', 'box', '--address', '127.0.0.1', '--port', String(sshd.port), '--user', sshd.user, '--key', key.privateKeyFile, '--data-dir', other]);
    const imported = await atelierInProcess(['ssh', 'import-known-hosts', knownHosts, '--data-dir', other]);
    expect(imported.stdout).toMatch(/^Imported 1 key/);
    const run = await atelierInProcess(['ssh', 'run', 'box', '--data-dir', other, '--', 'echo trusted; exit 0']);
    expect(run).toMatchObject({ code: 0, stdout: 'trusted\n', stderr: '' });
  }, 120_000);
});
