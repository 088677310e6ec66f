import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { WS_BEARER_PREFIX } from '../../shared/contract';

/** Live page sessions kept at once; the oldest goes first (its tab then asks for the printed address). */
export const MAX_SESSIONS = 64;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

/**
 * Who may drive this serve: the launch secret (printed once, for the first page load and for scripts) and the
 * session tokens it bought, one per browser tab. Nothing here is ever put in a cookie: a browser sends a
 * 127.0.0.1 cookie to every port of 127.0.0.1, so any other local server would receive it.
 */
export class Sessions {
  private readonly secret: Buffer;
  /** Digests of live tokens, oldest first: a lookup by digest reveals nothing of a token's bytes. */
  private readonly live = new Set<string>();

  constructor(secret: string) {
    this.secret = Buffer.from(secret);
  }

  isLaunchSecret(given: string | undefined): boolean {
    if (!given) return false;
    const candidate = Buffer.from(given);
    return candidate.length === this.secret.length && timingSafeEqual(candidate, this.secret);
  }

  grant(): string {
    const token = randomBytes(32).toString('base64url');
    this.live.add(digest(token));
    for (const oldest of this.live) {
      if (this.live.size <= MAX_SESSIONS) break;
      this.live.delete(oldest);
    }
    return token;
  }

  accepts(given: string | undefined): boolean {
    return given !== undefined && (this.isLaunchSecret(given) || this.live.has(digest(given)));
  }
}

/** The credential a request carries: `Authorization: Bearer …`, or a page's WebSocket subprotocol. */
export function credentialOf(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim();
  const protocols = headers['sec-websocket-protocol'];
  if (typeof protocols !== 'string') return undefined;
  const offered = protocols.split(',').map((p) => p.trim()).find((p) => p.startsWith(WS_BEARER_PREFIX));
  return offered?.slice(WS_BEARER_PREFIX.length);
}
