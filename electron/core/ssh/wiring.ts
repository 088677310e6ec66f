import { homedir, userInfo } from 'node:os';
import type { CallName } from '../../../shared/contract';
import type { sshCalls } from '../../../shared/contract/ssh';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import { HostStore, importConfig, previewConfigImport } from '../hosts';
import type { JobRunner } from '../jobs';
import { SecretVault, secretNames } from '../secrets';
import type { StreamBus } from '../streams';
import type { TicketService } from '../tickets/service';
import { KnownHostsStore } from './known-hosts';
import { createRemoteWiring, type RemoteWiring } from './remote-wiring';
import { SshService } from './service';
import { TerminalManager } from './terminals';
import { SessionRecordings, type RecordingDeps } from './recording';

type SshCallName = keyof typeof sshCalls & CallName;
export type SshHandlers = Pick<Handlers, SshCallName>;

export interface SshWiring {
  readonly hosts: HostStore;
  readonly knownHosts: KnownHostsStore;
  readonly vault: SecretVault;
  readonly ssh: SshService;
  readonly terminals: TerminalManager;
  /** SFTP panel, fetch logs, tunnels, host <-> ticket link. */
  readonly remote: RemoteWiring;
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
export function createSshWiring(deps: { db: Database; bus: StreamBus; jobs: JobRunner; tickets?: TicketService; recordings?: RecordingDeps }): SshWiring {
  const { db, bus, jobs } = deps;
  const hosts = new HostStore(db);
  const knownHosts = new KnownHostsStore(db);
  const vault = new SecretVault(db);
  const ssh = new SshService({ hosts, knownHosts, secrets: vault });
  const recordings = deps.recordings ? new SessionRecordings(deps.recordings) : undefined;
  recordings?.recover();
  const terminals = new TerminalManager(ssh, bus, undefined, recordings);
  const remote = createRemoteWiring({ db, bus, jobs, ssh, ...(deps.tickets ? { tickets: deps.tickets } : {}) });
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
    'hosts.importConfig': async ({ text, names }) => importConfig(db, hosts, await previewConfigImport(text, importContext), names),
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
    'terminal.open': ({ name, cols, rows, acceptNewHostKey, record, ticketId }) =>
      terminals.open(name, cols, rows, { acceptNewHostKey, ...(record && ticketId !== undefined ? { recordTo: ticketId } : {}) }),
    'terminal.stopRecording': ({ sessionId }) => terminals.stopRecording(sessionId),
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
    ...remote.handlers,
  };

  return {
    hosts,
    knownHosts,
    vault,
    ssh,
    terminals,
    remote,
    handlers,
    async close() {
      vault.lock();
      await terminals.closeAll();
      await remote.close();
    },
  };
}
