import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open';
import { HostStore } from '../../electron/core/hosts';
import { KnownHostsStore, SshService } from '../../electron/core/ssh';
import { disposeSshd, generateKeyPair, startSshd } from '../../test/setup/sshd';

// `ssh.exec_throughput`: a remote `head -c N /dev/zero` read through the core's runCommand (output
// streamed to a sink that discards it), connection setup included. `openssh.exec_throughput`: OpenSSH's
// client, same sshd, same command, stdout to /dev/null, forced to the cipher ssh2 negotiates
// (aes128-gcm) so both sides do the same work. Best of ATELIER_BENCH_SSH_RUNS (default 3) alternated runs.
// `ssh.keystroke_echo_p95`: one byte written to a PTY shell until its echo comes back, core side.
// ATELIER_BENCH_SSH_BYTES overrides the 1 GiB size for quick runs.

const BYTES = Number(process.env.ATELIER_BENCH_SSH_BYTES ?? 1024 * 1024 * 1024);
const RUNS = Number(process.env.ATELIER_BENCH_SSH_RUNS ?? 3);
const KEYSTROKES = 300;
const MB = 1024 * 1024;

function print(name: string, value: number, unit: string): void {
  process.stdout.write(`BENCH ${name} ${value.toFixed(unit === 'ratio' ? 3 : 2)} ${unit}\n`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-bench-ssh-'));
  const sshd = await startSshd();
  try {
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    const db = openDatabase(join(dir, 'atelier.db'));
    const hosts = new HostStore(db);
    const knownHosts = new KnownHostsStore(db);
    hosts.add({ name: 'bench', address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false } });
    knownHosts.trust(sshd.host, sshd.port, Buffer.from(sshd.hostPublicKey.split(/\s+/)[1] ?? '', 'base64'));
    const service = new SshService({ hosts, knownHosts });
    const knownHostsFile = join(dir, 'known_hosts');
    writeFileSync(knownHostsFile, `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n`);
    const command = `head -c ${BYTES} /dev/zero`;

    const ours = async (): Promise<number> => {
      let received = 0;
      const t = performance.now();
      const result = await service.runCommand('bench', command, { timeoutMs: 600_000, sink: (chunk) => (received += chunk.length) });
      const seconds = (performance.now() - t) / 1000;
      if (result.exitCode !== 0 || received !== BYTES) throw new Error(`ssh2 run: exit ${result.exitCode}, ${received} bytes`);
      return BYTES / MB / seconds;
    };
    const openssh = async (): Promise<number> => {
      const devNull = openSync('/dev/null', 'w');
      const t = performance.now();
      const child = spawn(
        'ssh',
        [
          '-q', '-i', key.privateKeyFile, '-p', String(sshd.port), '-c', 'aes128-gcm@openssh.com',
          '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', `UserKnownHostsFile=${knownHostsFile}`, '-o', 'IdentitiesOnly=yes',
          `${sshd.user}@${sshd.host}`, command,
        ],
        { stdio: ['ignore', devNull, 'inherit'] },
      );
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      const seconds = (performance.now() - t) / 1000;
      closeSync(devNull);
      if (code !== 0) throw new Error(`OpenSSH client exited with ${code}`);
      return BYTES / MB / seconds;
    };

    // Echo first: interactive latency measured on a quiet process, as a technician types.
    const connection = await service.connect('bench');
    const shell = await connection.openShell({ cols: 200, rows: 50 });
    let pending: ((at: number) => void) | undefined;
    shell.output.on('data', () => pending?.(performance.now()));
    const settle = () => new Promise((r) => setTimeout(r, 300));
    await settle(); // prompt and motd
    const samples: number[] = [];
    for (let i = 0; i < KEYSTROKES; i++) {
      // Ctrl-U every 100 keys keeps the line short; its output is not timed.
      if (i % 100 === 0) {
        shell.write('\x15');
        await new Promise((r) => setTimeout(r, 20));
      }
      const echoed = new Promise<number>((resolve) => (pending = resolve));
      const t = performance.now();
      shell.write('a');
      const at = await Promise.race([echoed, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 2000))]);
      pending = undefined;
      if (Number.isNaN(at)) throw new Error('no echo within 2 s');
      samples.push(at - t);
    }
    samples.sort((a, b) => a - b);
    print('ssh.keystroke_echo_p95', samples[Math.floor(samples.length * 0.95)] ?? Number.NaN, 'ms');
    shell.close();
    await connection.close();
    let best = 0;
    let bestOpenssh = 0;
    for (let i = 0; i < RUNS; i++) {
      best = Math.max(best, await ours());
      bestOpenssh = Math.max(bestOpenssh, await openssh());
    }
    process.stdout.write(`# ${(BYTES / MB).toFixed(0)} MiB per run, best of ${RUNS}\n`);
    print('ssh.exec_throughput', best, 'MB/s');
    print('openssh.exec_throughput', bestOpenssh, 'MB/s');
    print('ssh.throughput_ratio_vs_openssh', best / bestOpenssh, 'ratio');

    db.close();
  } finally {
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
