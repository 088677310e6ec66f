import type { HostKeyOffer, RunResult } from '../../../shared/contract/ssh';
import { AtelierError } from '../../../shared/contract/errors';
import type { HostStore } from '../hosts/store';
import type { SecretSource } from '../secrets/vault';
import { connectChain, type ConnectOptions } from './connect';
import { SshConnection } from './connection';
import { SshError } from './errors';
import type { RunOptions } from './exec';
import type { KnownHostsStore } from './known-hosts';

export interface SshServiceDeps {
  hosts: HostStore;
  knownHosts: KnownHostsStore;
  secrets?: SecretSource;
}

const MAX_PENDING_OFFERS = 64;

/** Connects hosts from the book with the app's trust store; remembers refused keys so they can be trusted. */
export class SshService {
  /** Keys seen in refused connections, by fingerprint: `trust`/`replace` pin exactly what the server showed. */
  private readonly offers = new Map<string, { offer: HostKeyOffer; keyBlob: Buffer }>();

  constructor(private readonly deps: SshServiceDeps) {}

  async connect(name: string, options: ConnectOptions = {}): Promise<SshConnection> {
    const chain = this.deps.hosts.chain(name);
    try {
      const clients = await connectChain(chain, { knownHosts: this.deps.knownHosts, ...(this.deps.secrets ? { secrets: this.deps.secrets } : {}) }, options);
      return new SshConnection(chain.at(-1)!, clients);
    } catch (error) {
      if (error instanceof SshError && error.offer && error.keyBlob) this.remember(error.offer, error.keyBlob);
      throw error;
    }
  }

  /** Connects, runs one command, disconnects. */
  async runCommand(name: string, command: string, options: RunOptions & ConnectOptions = {}): Promise<RunResult> {
    const connection = await this.connect(name, options);
    try {
      return await connection.run(command, options);
    } finally {
      await connection.close();
    }
  }

  /** Pins the unknown key the host offered in a refused connection. */
  trust(name: string, fingerprint: string): void {
    const { offer, keyBlob } = this.offered(name, fingerprint);
    if (offer.previousFingerprints?.length) {
      throw new AtelierError('conflict', `${name}: a different key is pinned; use "replace" after checking the new key on the machine.`);
    }
    this.deps.knownHosts.trust(offer.address, offer.port, keyBlob);
    this.offers.delete(fingerprint);
  }

  /** "I verified the new key": replaces the pinned keys with the one the host offered. */
  replace(name: string, fingerprint: string): void {
    const { offer, keyBlob } = this.offered(name, fingerprint);
    this.deps.knownHosts.replace(offer.address, offer.port, keyBlob);
    this.offers.delete(fingerprint);
  }

  private offered(name: string, fingerprint: string): { offer: HostKeyOffer; keyBlob: Buffer } {
    const entry = this.offers.get(fingerprint);
    if (!entry || entry.offer.host.toLowerCase() !== name.toLowerCase()) {
      throw new AtelierError('not_found', `${name}: no key with fingerprint ${fingerprint} was offered by this host; connect again first.`, 'fingerprint');
    }
    return entry;
  }

  private remember(offer: HostKeyOffer, keyBlob: Buffer): void {
    if (this.offers.size >= MAX_PENDING_OFFERS) this.offers.delete(this.offers.keys().next().value!);
    this.offers.set(offer.fingerprint, { offer, keyBlob });
  }
}
