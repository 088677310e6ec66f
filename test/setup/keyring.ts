import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private D-Bus session with GNOME Keyring's Secret Service on it, unlocked: what a desktop login gives. */
export interface TestKeyring {
  env: NodeJS.ProcessEnv;
  /** Removes one stored entry, as a user would in Seahorse. */
  forget(account: string): void;
  stop(): void;
}

const TOOLS = ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool'];

/** Why the keyring tests cannot run here, or undefined when they can. */
export function keyringMissing(): string | undefined {
  const missing = TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  return missing.length > 0 ? `${missing.join(', ')} not installed (test/setup/system-deps.sh installs them)` : undefined;
}

export function startTestKeyring(): TestKeyring {
  const home = mkdtempSync(join(tmpdir(), 'atelier-keyring-'));
  const runtime = join(home, 'run');
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, XDG_RUNTIME_DIR: runtime, XDG_DATA_HOME: join(home, 'data') };
  spawnSync('mkdir', ['-m', '700', '-p', runtime]);
  const bus = spawnSync('dbus-daemon', ['--session', '--fork', '--print-address=1', '--print-pid=1'], { env: base, encoding: 'utf8', timeout: 30_000 });
  const [address, pid] = bus.stdout.trim().split('\n');
  if (bus.status !== 0 || !address || !pid) throw new Error(`dbus-daemon did not start: ${bus.stderr}`);
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: address };
  // --unlock reads the login password from stdin and creates the login keyring with it.
  const keyring = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], { env, input: 'test-login', encoding: 'utf8', timeout: 30_000 });
  if (keyring.status !== 0) throw new Error(`gnome-keyring-daemon did not start: ${keyring.stderr}`);
  return {
    env,
    forget(account) {
      spawnSync('secret-tool', ['clear', 'atelier-vault', account], { env, timeout: 30_000 });
    },
    stop() {
      // The keyring daemon leaves with its session bus.
      try {
        process.kill(Number(pid));
      } catch {
        // already gone
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}
