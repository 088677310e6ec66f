import { homedir, userInfo } from 'node:os';
import type { CallName } from '../../../shared/contract';
import { AtelierError } from '../../../shared/contract/errors';
import type { sshCalls } from '../../../shared/contract/ssh';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import { HostStore, importConfig, previewConfigImport } from '../hosts';
import type { JobRunner } from '../jobs';
import { SecretVault, secretNames } from '../secrets';
import type { StreamBus } from '../streams';
import type { SshConnection } from './connection';
import { KnownHostsStore } from './known-hosts';
import { SshService } from './service';
import { TerminalManager } from './terminals';
import type { Tunnel } from './tunnel';

type SshCallName = keyof typeof sshCalls & CallName;
export type SshHandlers = Pick<Handlers, SshCallName>;

export interface SshWiring {
  readonly hosts: HostStore;
  readonly knownHosts: KnownHostsStore;
  readonly vault: SecretVault;
  readonly ssh: SshService;
  readonly terminals: TerminalManager;
  readonly handlers: SshHandlers;
  close(): Promise<void>;
}

const ok = { ok: true } as const;

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'user';
  }
}

/** The host book, trust store, vault and SSH sessions of one core, and the contract handlers over them. */
export function createSshWiring(deps: { db: Database; bus: StreamBus; jobs: JobRunner }): SshWiring {
  const { db, bus, jobs } = deps;
  const hosts = new HostStore(db);
  const knownHosts = new KnownHostsStore(db);
  const vault = new SecretVault(db);
  const ssh = new SshService({ hosts, knownHosts, secrets: vault });
  const terminals = new TerminalManager(ssh, bus);
  const tunnels = new Map<string, { tunnel: Tunnel; connection: SshConnection }>();

  /** Connects, does one thing, disconnects (SFTP file operations, short commands). */
  const withConnection = async <T>(name: string, work: (connection: SshConnection) => Promise<T>): Promise<T> => {
    const connection = await ssh.connect(name);
    try {
      return await work(connection);
    } finally {
      await connection.close();
    }
  };
  const importContext = { existing: (name: string) => hosts.find(name), home: homedir(), localUser: localUser() };

  const handlers: SshHandlers = {
    'hosts.list': () => hosts.list(),
    'hosts.get': ({ name }) => hosts.get(name),
    'hosts.add': (input) => hosts.add(input),
    'hosts.update': ({ name, patch }) => hosts.update(name, patch),
    'hosts.remove': ({ name }) => {
      hosts.remove(name);
      // Its secrets go with it (deleting needs no unlocked vault: rows are removed, not decrypted).
      vault.delete(secretNames.password(name));
      vault.delete(secretNames.keyPassphrase(name));
      return ok;
    },
    'hosts.previewConfigImport': ({ text }) => previewConfigImport(text, importContext),
    'hosts.importConfig': ({ text, names }) => importConfig(db, hosts, previewConfigImport(text, importContext), names),
    'knownHosts.list': ({ name }) => {
      if (name === undefined) return knownHosts.list();
      const host = hosts.get(name);
      return knownHosts.keysFor(host.address, host.port);
    },
    'knownHosts.trust': ({ name, fingerprint }) => {
      ssh.trust(name, fingerprint);
      return ok;
    },
    'knownHosts.replace': ({ name, fingerprint }) => {
      ssh.replace(name, fingerprint);
      return ok;
    },
    'knownHosts.import': ({ text }) => knownHosts.importText(text),
    'secrets.status': () => vault.status(),
    'secrets.unlock': ({ passphrase }) => {
      vault.unlock(passphrase);
      return ok;
    },
    'secrets.lock': () => {
      vault.lock();
      return ok;
    },
    'secrets.setHostPassword': ({ name, password }) => {
      vault.set(secretNames.password(hosts.get(name).name), password);
      return ok;
    },
    'secrets.setKeyPassphrase': ({ name, passphrase }) => {
      vault.set(secretNames.keyPassphrase(hosts.get(name).name), passphrase);
      return ok;
    },
    'ssh.run': ({ name, command, timeoutMs }) => ssh.runCommand(name, command, timeoutMs === undefined ? {} : { timeoutMs }),
    'terminal.open': ({ name, cols, rows, acceptNewHostKey }) => terminals.open(name, cols, rows, acceptNewHostKey),
    'terminal.write': ({ sessionId, data }) => {
      terminals.write(sessionId, data);
      return ok;
    },
    'terminal.resize': ({ sessionId, cols, rows }) => {
      terminals.resize(sessionId, cols, rows);
      return ok;
    },
    'terminal.ack': ({ sessionId, bytes }) => {
      terminals.ack(sessionId, bytes);
      return ok;
    },
    'terminal.close': ({ sessionId }) => {
      terminals.close(sessionId);
      return ok;
    },
    'sftp.list': ({ name, path }) => withConnection(name, async (c) => (await c.sftp()).list(path)),
    'sftp.remove': ({ name, path }) => withConnection(name, async (c) => ((await (await c.sftp()).remove(path)), ok)),
    'sftp.mkdir': ({ name, path }) => withConnection(name, async (c) => ((await (await c.sftp()).mkdir(path)), ok)),
    'sftp.download': ({ name, remotePath, localPath }) => ({
      jobId: jobs.start('sftp.download', (ctx) =>
        withConnection(name, async (c) => (await c.sftp()).download(remotePath, localPath, { signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t, remotePath) })),
      ).jobId,
    }),
    'sftp.upload': ({ name, localPath, remotePath }) => ({
      jobId: jobs.start('sftp.upload', (ctx) =>
        withConnection(name, async (c) => (await c.sftp()).upload(localPath, remotePath, { signal: ctx.signal, onProgress: (d, t) => ctx.progress(d, t, remotePath) })),
      ).jobId,
    }),
    'tunnels.open': async ({ name, localPort, remoteHost, remotePort }) => {
      const connection = await ssh.connect(name);
      try {
        const tunnel = await connection.openTunnel({ localPort, remoteHost, remotePort, onStatus: (status) => bus.emit('tunnels.status', status) });
        tunnels.set(tunnel.id, { tunnel, connection });
        return tunnel.status();
      } catch (error) {
        await connection.close();
        throw error;
      }
    },
    'tunnels.list': () => [...tunnels.values()].map(({ tunnel }) => tunnel.status()),
    'tunnels.stop': async ({ id }) => {
      const entry = tunnels.get(id);
      if (!entry) throw new AtelierError('not_found', `No tunnel with id ${id}.`, 'id');
      tunnels.delete(id);
      await entry.tunnel.stop();
      await entry.connection.close();
      return ok;
    },
  };

  return {
    hosts,
    knownHosts,
    vault,
    ssh,
    terminals,
    handlers,
    async close() {
      vault.lock();
      await terminals.closeAll();
      for (const { tunnel, connection } of tunnels.values()) {
        await tunnel.stop();
        await connection.close();
      }
      tunnels.clear();
    },
  };
}
