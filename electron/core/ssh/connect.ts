// ssh2 is CommonJS: plain Node's ESM loader only sees its default export.
import ssh2, { type Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { AtelierError } from '../../../shared/contract/errors';
import type { Host, HostKeyOffer, KnownHostKey } from '../../../shared/contract/ssh';
import { algorithmsFor, isNegotiationFailure, legacyRefusal, probeServerOffer } from './algorithms';
import { authAttempts, type AuthContext, type OneShotCredentials } from './auth';
import { classifyConnectError, SshError } from './errors';
import { certifyingAuthority, scanHostCertificates } from './host-certificate';
import { fingerprintOf, keyTypeOf, type KnownHostsStore } from './known-hosts';
import { askForNoDelay } from './nodelay';
import type { SecretSource } from '../secrets/vault';

export interface ConnectOptions {
  /** Pin an unknown host key on first sight (CLI `--accept-new`). A changed key is refused regardless. */
  acceptNewHostKeys?: boolean;
  /** Secrets typed for this connection; they apply to the target host only. */
  credentials?: OneShotCredentials;
  agentSocket?: string;
  readyTimeoutMs?: number;
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  signal?: AbortSignal;
  /** Told about every unknown or changed key before the connection is refused (UI prompt stream). */
  onHostKey?: (offer: HostKeyOffer) => void;
}

export interface ConnectDeps {
  knownHosts: KnownHostsStore;
  secrets?: SecretSource;
}

/**
 * Opens one SSH transport to `host`, over `sock` when it sits behind a jump host. `reopen` gives a fresh
 * route to the same host (a new channel through the jump host) for the probe that names a refused
 * server's algorithms.
 */
export async function connectOne(
  host: Host,
  sock: ClientChannel | undefined,
  deps: ConnectDeps,
  options: ConnectOptions,
  isTarget: boolean,
  reopen?: () => Promise<ClientChannel>,
): Promise<Client> {
  const authContext: AuthContext = { ...(deps.secrets ? { secrets: deps.secrets } : {}), ...(options.agentSocket ? { agentSocket: options.agentSocket } : {}) };
  if (isTarget && options.credentials) authContext.credentials = options.credentials;
  const attempts = authAttempts(host, authContext);
  const where = `${host.address}:${host.port}`;
  const pinned = deps.knownHosts.keysFor(host.address, host.port);
  const client = new ssh2.Client();
  let keyFailure: SshError | undefined;
  const tried: string[] = [];
  let offered: string[] = [];
  let next = 0;

  const refuseUnknown = (blob: Buffer, offer: HostKeyOffer): false => {
    options.onHostKey?.(offer);
    const ca = offer.certAuthorities?.length
      ? ` A certificate authority is trusted for this host (${offer.certAuthorities.join(', ')}), but no valid certificate of it vouches for this key.`
      : '';
    keyFailure = new SshError(
      'host_key_unknown',
      `${host.name}: the host key of ${where} is not known yet (${offer.keyType} ${offer.fingerprint}).${ca} Compare this fingerprint with the machine's, then trust it.`,
      { host: host.name, offer, keyBlob: blob },
    );
    return false;
  };

  /** Returns the verdict, or undefined when it comes later through `done` (a CA to check). */
  const verify = (key: Buffer, done: (ok: boolean) => void): boolean | undefined => {
    const blob = Buffer.from(key);
    const verdict = deps.knownHosts.check(host.address, host.port, blob);
    if (verdict.status === 'trusted') return true;
    const offer: HostKeyOffer = { host: host.name, address: host.address, port: host.port, keyType: keyTypeOf(blob), fingerprint: fingerprintOf(blob) };
    if (verdict.status === 'revoked') {
      // As OpenSSH: a revoked key is refused outright and never offered for trust.
      keyFailure = new SshError('host_key_revoked', `${host.name}: the host key of ${where} (${offer.keyType} ${offer.fingerprint}) is marked @revoked: the connection was refused.`, {
        host: host.name,
      });
      return false;
    }
    if (verdict.authorities.length > 0) {
      offer.certAuthorities = verdict.authorities.map((ca) => `${keyTypeOf(ca)} ${fingerprintOf(ca)}`);
      // ssh2 cannot negotiate host certificates: read the host's certificate beside the handshake (direct hosts).
      const certificates = sock ? Promise.resolve([]) : scanHostCertificates(host.address, host.port, 5_000);
      void certificates.then((certs) => {
        if (certifyingAuthority(certs, blob, host.address, verdict.authorities)) return done(true);
        done(verdict.status === 'unknown' ? decideUnknown(blob, offer) : refuseChanged(blob, offer, verdict.previous));
      });
      return undefined;
    }
    return verdict.status === 'unknown' ? decideUnknown(blob, offer) : refuseChanged(blob, offer, verdict.previous);
  };

  const decideUnknown = (blob: Buffer, offer: HostKeyOffer): boolean => {
    if (options.acceptNewHostKeys) {
      deps.knownHosts.trust(host.address, host.port, blob);
      return true;
    }
    return refuseUnknown(blob, offer);
  };

  const refuseChanged = (blob: Buffer, offer: HostKeyOffer, pinnedKeys: readonly KnownHostKey[]): false => {
    const previous = pinnedKeys.map((k) => `${k.keyType} ${k.fingerprint}`);
    const changed: HostKeyOffer = { ...offer, previousFingerprints: pinnedKeys.map((k) => k.fingerprint) };
    options.onHostKey?.(changed);
    keyFailure = new SshError(
      'host_key_changed',
      `${host.name}: WARNING, the host key of ${where} has CHANGED (now ${offer.keyType} ${offer.fingerprint}, pinned ${previous.join(', ')}). ` +
        `Someone may be intercepting the connection. It was blocked; replace the key only after checking it on the machine itself.`,
      { host: host.name, offer: changed, keyBlob: blob },
    );
    return false;
  };

  const config: ConnectConfig = {
    host: host.address,
    port: host.port,
    username: host.user,
    readyTimeout: options.readyTimeoutMs ?? 20_000,
    keepaliveInterval: options.keepaliveIntervalMs ?? 15_000,
    keepaliveCountMax: options.keepaliveCountMax ?? 4,
    hostVerifier: verify as never,
    algorithms: algorithmsFor(host, pinned.filter((k) => k.marker === undefined).map((k) => k.keyType)),
    authHandler: (methodsLeft, _partial, callback) => {
      if (methodsLeft) offered = [...methodsLeft];
      while (next < attempts.length) {
        const attempt = attempts[next++]!;
        const serverMethod = attempt.method === 'agent' ? 'publickey' : attempt.method;
        if (methodsLeft && !methodsLeft.includes(serverMethod)) {
          tried.push(`${attempt.label}: not accepted by the server`);
          continue;
        }
        tried.push(attempt.label);
        callback(attempt.build(host.user) as never);
        return;
      }
      callback(false as never);
    },
  };
  if (sock) config.sock = sock;

  return await new Promise<Client>((resolve, reject) => {
    let settled = false;
    let probing = false;
    const agentErrors: string[] = [];
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        resolve(client);
        return;
      }
      client.end();
      reject(error);
    };
    const onAbort = () => finish(new AtelierError('cancelled', `${host.name}: connection cancelled.`));
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    client.on('ready', () => finish());
    client.on('error', (error: Error & { level?: string }) => {
      if (error.level === 'agent') {
        agentErrors.push(error.message);
        return;
      }
      if (settled || probing) return;
      if (keyFailure) return finish(keyFailure);
      if (isNegotiationFailure(error)) {
        probing = true;
        const timeout = Math.min(options.readyTimeoutMs ?? 20_000, 10_000);
        const route = sock ? (reopen ? reopen().then((s) => ({ sock: s })) : Promise.reject(new Error('no route'))) : Promise.resolve({ host: host.address, port: host.port });
        void route
          .then((target) => probeServerOffer(target, timeout))
          .catch(() => ({}))
          .then((offer) => finish(legacyRefusal(host, where, offer, error)));
        return;
      }
      if (error.level === 'client-authentication') {
        const methods = tried.length > 0 ? tried.join(', ') : 'none';
        const accepts = offered.length > 0 ? ` The server accepts: ${offered.join(', ')}.` : '';
        const agentNote = agentErrors.length > 0 ? ` Agent: ${agentErrors.join('; ')}.` : '';
        return finish(
          new SshError('auth', `${host.name}: authentication failed for user "${host.user}". Tried: ${methods}.${accepts}${agentNote}`, {
            host: host.name,
            methodsTried: tried,
            methodsOffered: offered,
          }),
        );
      }
      finish(classifyConnectError(error, host.name, where));
    });
    client.on('close', () => !probing && finish(keyFailure ?? new SshError('closed', `${host.name}: ${where} closed the connection before it was ready.`, { host: host.name })));
    try {
      client.connect(config);
    } catch (error) {
      finish(classifyConnectError(error, host.name, where));
    }
  });
}

/** A channel from `via` to `address:port`, the `sock` of the next hop (ProxyJump). */
export async function forwardThrough(via: Client, address: string, port: number): Promise<ClientChannel> {
  return await new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, address, port, (error, channel) => (error ? reject(error) : resolve(channel)));
  });
}

/**
 * Connects through a chain of hosts (outermost jump host first, target last): each hop is an SSH
 * transport carried inside a channel of the previous one, with its own host-key check and auth.
 */
export async function connectChain(chain: readonly Host[], deps: ConnectDeps, options: ConnectOptions): Promise<Client[]> {
  const target = chain.at(-1);
  if (!target) throw new AtelierError('invalid_input', 'No host to connect to.');
  const clients: Client[] = [];
  const closeAll = () => {
    for (const c of [...clients].reverse()) c.end();
  };
  for (let i = 0; i < chain.length; i++) {
    const host = chain[i]!;
    const isTarget = i === chain.length - 1;
    let sock: ClientChannel | undefined;
    const via = clients.at(-1);
    if (via) {
      try {
        sock = await forwardThrough(via, host.address, host.port);
      } catch (error) {
        closeAll();
        const jump = chain[i - 1]!;
        throw new SshError(
          'jump',
          `${target.name}: the jump host ${jump.name} could not open a connection to ${host.address}:${host.port} (${(error as Error).message}).`,
          { host: jump.name, cause: error },
        );
      }
    }
    try {
      const reopen = via ? () => forwardThrough(via, host.address, host.port) : undefined;
      const client = await connectOne(host, sock, deps, options, isTarget, reopen);
      if (!isTarget) askForNoDelay(client);
      clients.push(client);
    } catch (error) {
      closeAll();
      if (isTarget || !(error instanceof SshError)) throw error;
      if (error.kind === 'host_key_unknown' || error.kind === 'host_key_changed' || error.kind === 'host_key_revoked') {
        // Same kind, so the UI asks about the jump host's key; the message says which hop it is.
        throw new SshError(error.kind, `jump host of ${target.name}: ${error.message}`, {
          host: error.host,
          ...(error.offer ? { offer: error.offer } : {}),
          ...(error.keyBlob ? { keyBlob: error.keyBlob } : {}),
        });
      }
      if (error.kind === 'algorithms') {
        throw new SshError('algorithms', `jump host of ${target.name}: ${error.message}`, { host: error.host, algorithmsNeeded: error.algorithmsNeeded, cause: error });
      }
      throw new SshError('jump', `${target.name}: cannot go through the jump host ${host.name}: ${error.message}`, {
        host: host.name,
        methodsTried: error.methodsTried,
        methodsOffered: error.methodsOffered,
        cause: error,
      });
    }
  }
  return clients;
}
