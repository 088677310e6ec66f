import { AtelierError, type ErrorCode } from '../../../shared/contract/errors';
import type { HostKeyOffer, SshErrorKind } from '../../../shared/contract/ssh';

const CODE: Record<SshErrorKind, ErrorCode> = {
  dns: 'unavailable',
  refused: 'unavailable',
  timeout: 'unavailable',
  unreachable: 'unavailable',
  auth: 'unauthorized',
  host_key_unknown: 'forbidden',
  host_key_changed: 'conflict',
  host_key_revoked: 'forbidden',
  jump: 'unavailable',
  algorithms: 'forbidden',
  closed: 'unavailable',
  command_timeout: 'unavailable',
  protocol: 'unavailable',
};

export interface SshErrorDetails {
  /** The host book entry the failure concerns (the jump host when a jump host failed). */
  host: string;
  offer?: HostKeyOffer;
  /** The offered key itself, kept in core so `trust`/`replace` pin exactly what was seen. */
  keyBlob?: Buffer;
  methodsTried?: string[];
  methodsOffered?: string[];
  /** Legacy algorithm names the host would need to allow (kind `algorithms`). */
  algorithmsNeeded?: string[];
  cause?: unknown;
}

/** A failure a technician can act on, with a kind the UI translates and a plain English message. */
export class SshError extends AtelierError {
  readonly kind: SshErrorKind;
  readonly host: string;
  readonly offer: HostKeyOffer | undefined;
  readonly keyBlob: Buffer | undefined;
  readonly methodsTried: string[];
  readonly methodsOffered: string[];
  readonly algorithmsNeeded: string[];

  constructor(kind: SshErrorKind, message: string, details: SshErrorDetails) {
    super(CODE[kind], message);
    this.name = 'SshError';
    this.kind = kind;
    this.host = details.host;
    this.offer = details.offer;
    this.keyBlob = details.keyBlob;
    this.methodsTried = details.methodsTried ?? [];
    this.methodsOffered = details.methodsOffered ?? [];
    this.algorithmsNeeded = details.algorithmsNeeded ?? [];
    if (details.cause !== undefined) (this as { cause?: unknown }).cause = details.cause;
  }
}

interface NetError {
  code?: string;
  level?: string;
  message?: string;
}

/** Turns a socket or ssh2 error into the failure a user understands. */
export function classifyConnectError(error: unknown, host: string, where: string): SshError {
  if (error instanceof SshError) return error;
  const e = (error ?? {}) as NetError;
  const detail = e.message ?? String(error);
  switch (e.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new SshError('dns', `${host}: the name in ${where} could not be resolved (DNS). Check the address.`, { host, cause: error });
    case 'ECONNREFUSED':
      return new SshError('refused', `${host}: ${where} refused the connection. Is the SSH server running on that port?`, { host, cause: error });
    case 'ETIMEDOUT':
      return new SshError('timeout', `${host}: ${where} did not answer in time (network or firewall).`, { host, cause: error });
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new SshError('unreachable', `${host}: ${where} is unreachable from here (no route).`, { host, cause: error });
    case 'ECONNRESET':
    case 'EPIPE':
      return new SshError('closed', `${host}: ${where} closed the connection during setup (${detail}).`, { host, cause: error });
    default:
      break;
  }
  if (e.level === 'client-timeout') {
    return new SshError('timeout', `${host}: ${where} did not complete the SSH handshake in time.`, { host, cause: error });
  }
  return new SshError('protocol', `${host}: SSH failed with ${where}: ${detail}`, { host, cause: error });
}
