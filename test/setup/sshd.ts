/**
 * A private OpenSSH sshd for tests: 127.0.0.1, a free high port, its own host key, authorized_keys and
 * log in a temp folder, no PAM. Logins go to a dedicated user with a plain /bin/sh (see RECIPES.md).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SSHD = '/usr/sbin/sshd';
export const TEST_USER = 'atelier-test';
export const TEST_PASSWORD = 'atelier-test-pw-7Qx';

export interface KeyPair {
  privateKeyFile: string;
  publicKeyFile: string;
  privateKey: string;
  publicKey: string;
}

export interface SshdOptions {
  /** Extra sshd_config lines (e.g. `PasswordAuthentication no`). */
  extraConfig?: string[];
  /** Host key type for ssh-keygen -t (default ed25519). */
  hostKeyType?: 'ed25519' | 'ecdsa' | 'rsa';
  startTimeoutMs?: number;
}

export interface Sshd {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly dir: string;
  /** A folder the test user owns, for SFTP and shell files. */
  readonly userDir: string;
  readonly logFile: string;
  readonly hostPublicKey: string;
  /** `SHA256:...` as `ssh-keygen -lf` prints it. */
  hostFingerprint(): string;
  /** Authorizes a public key for the test user. */
  authorize(publicKey: string): void;
  /** Replaces the host key (a "changed key" scenario) and restarts. */
  rotateHostKey(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  log(): string;
}

export function requireSshd(): void {
  if (!existsSync(SSHD)) {
    throw new Error(`${SSHD} is missing: the SSH tests need OpenSSH's server. Install it with: apt-get install -y openssh-server`);
  }
}

/** Creates (idempotently) the test user with /bin/sh and a known password, usable without PAM. */
export function ensureTestUser(): void {
  const exists = () => {
    try {
      execFileSync('id', ['-u', TEST_USER], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (!exists()) {
    try {
      execFileSync('useradd', ['-m', '-s', '/bin/sh', TEST_USER], { stdio: 'pipe' });
    } catch (error) {
      // Another test worker may have created it at the same time.
      if (!exists()) throw error;
    }
  }
  // chpasswd replaces a locked `!` field, which sshd refuses without PAM even for key logins.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      execFileSync('chpasswd', [], { input: `${TEST_USER}:${TEST_PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
      return;
    } catch (error) {
      if (attempt === 4) throw error;
      execFileSync('sleep', ['0.2']);
    }
  }
}

export function userIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', TEST_USER]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', TEST_USER]).toString().trim());
  return { uid, gid };
}

/** A fresh ed25519 client key pair (optionally passphrase-protected) written to `dir`. */
export function generateKeyPair(dir: string, name = 'id_ed25519', passphrase = ''): KeyPair {
  const privateKeyFile = join(dir, name);
  rmSync(privateKeyFile, { force: true });
  rmSync(`${privateKeyFile}.pub`, { force: true });
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', `atelier-test-${name}`, '-f', privateKeyFile], {
    stdio: 'pipe',
  });
  return {
    privateKeyFile,
    publicKeyFile: `${privateKeyFile}.pub`,
    privateKey: readFileSync(privateKeyFile, 'utf8'),
    publicKey: readFileSync(`${privateKeyFile}.pub`, 'utf8').trim(),
  };
}

/** `SHA256:` + unpadded base64 of the key blob's sha256, like OpenSSH. */
export function fingerprintOfPublicKeyLine(line: string): string {
  const blob = Buffer.from(line.trim().split(/\s+/)[1] ?? '', 'base64');
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A daemon re-parented to a PID 1 that does not reap stays a zombie: count that as stopped. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitForPort(port: number, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('data', () => {
        socket.destroy();
        resolve(true); // sshd sent its banner
      });
      socket.once('error', () => resolve(false));
      socket.setTimeout(500, () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms. ${describe()}`);
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  requireSshd();
  ensureTestUser();
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'atelier-sshd-'));
  // The test user must traverse the folder to reach authorized_keys and its own work folder.
  chmodSync(dir, 0o755);
  const userDir = join(dir, 'home');
  mkdirSync(userDir);
  const { uid, gid } = userIds();
  chownSync(userDir, uid, gid);
  const hostKeyFile = join(dir, 'host_key');
  const keyType = options.hostKeyType ?? 'ed25519';
  const makeHostKey = () => {
    rmSync(hostKeyFile, { force: true });
    rmSync(`${hostKeyFile}.pub`, { force: true });
    execFileSync('ssh-keygen', ['-q', '-t', keyType, '-N', '', '-f', hostKeyFile], { stdio: 'pipe' });
  };
  makeHostKey();
  const authorizedKeys = join(dir, 'authorized_keys');
  writeFileSync(authorizedKeys, '', { mode: 0o644 });
  const logFile = join(dir, 'sshd.log');
  const pidFile = join(dir, 'sshd.pid');
  const configFile = join(dir, 'sshd_config');
  let port = await freePort();
  let pid: number | undefined;

  const writeConfig = () => {
    writeFileSync(
      configFile,
      [
        // sshd keeps the first value of a keyword: the caller's lines come first so they win.
        ...(options.extraConfig ?? []),
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKeyFile}`,
        `PidFile ${pidFile}`,
        `AuthorizedKeysFile ${authorizedKeys}`,
        'UsePAM no',
        'StrictModes no',
        'PasswordAuthentication yes',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin no',
        'AllowTcpForwarding yes',
        'MaxSessions 32',
        'MaxStartups 64:30:128',
        'LogLevel VERBOSE',
        'Subsystem sftp internal-sftp',
        '',
      ].join('\n'),
    );
  };

  const start = async () => {
    writeConfig();
    rmSync(pidFile, { force: true });
    // sshd daemonizes: the spawned process exits once the listener is up; the daemon's pid is in PidFile.
    const child = spawn(SSHD, ['-f', configFile, '-E', logFile], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`sshd exited with ${code}: ${readLog()}`);
    await waitForPort(port, options.startTimeoutMs ?? 10_000, () => `Log: ${readLog()}`);
    pid = Number(readFileSync(pidFile, 'utf8').trim());
  };
  const readLog = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '(no log)');

  const stop = async () => {
    if (pid === undefined) return;
    const target = pid;
    pid = undefined;
    try {
      process.kill(target, 'SIGTERM');
    } catch {
      return;
    }
    for (let i = 0; i < 100; i++) {
      if (!alive(target)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  // Another process can take the port between freePort() and sshd's bind: pick another, a few times.
  for (let attempt = 1; ; attempt++) {
    try {
      await start();
      break;
    } catch (error) {
      if (attempt >= 3 || !/Address already in use|Cannot bind any address/.test(readLog())) throw error;
      rmSync(logFile, { force: true });
      port = await freePort();
    }
  }
  const sshd: Sshd = {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    user: TEST_USER,
    password: TEST_PASSWORD,
    dir,
    userDir,
    logFile,
    get hostPublicKey() {
      return readFileSync(`${hostKeyFile}.pub`, 'utf8').trim();
    },
    hostFingerprint() {
      const out = execFileSync('ssh-keygen', ['-lf', `${hostKeyFile}.pub`]).toString();
      return out.split(/\s+/)[1] ?? '';
    },
    authorize(publicKey) {
      writeFileSync(authorizedKeys, `${readFileSync(authorizedKeys, 'utf8')}${publicKey.trim()}\n`, { mode: 0o644 });
    },
    async rotateHostKey() {
      await stop();
      makeHostKey();
      port = port || (await freePort());
      await start();
    },
    stop: async () => {
      await stop();
    },
    async restart() {
      await stop();
      await start();
    },
    log: readLog,
  };
  return sshd;
}

/** Stops the server and removes its folder. */
export async function disposeSshd(sshd: Sshd | undefined): Promise<void> {
  if (!sshd) return;
  await sshd.stop();
  rmSync(sshd.dir, { recursive: true, force: true });
}
