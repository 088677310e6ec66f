import type { Agent, Dispatcher, RequestInit } from 'undici';

type Undici = typeof import('undici');

/** Loaded on the first request: start-up of a core that never syncs does not pay for the HTTP client. */
let undici: Promise<Undici> | undefined;
const loadUndici = (): Promise<Undici> => (undici ??= import('undici'));

/** What the client reads of an answer, whichever way it came (fetch for JSON, `request` for bytes). */
export interface HubResponse {
  readonly ok: boolean;
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Uint8Array> | null;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** A response, and how to drop the connections it came through when its answer is out of step. */
export interface HubExchange {
  response: HubResponse;
  /** Closes the connections this response came from (once); the next request opens a fresh one. */
  drop(): void;
}

/**
 * The sync client's own kept-alive connections to the hub, apart from the process's fetch pool. A proxy that
 * repeats a request leaves its connection one answer behind: every later request on it reads the answer to
 * the one before, for as long as the connection is kept alive. The client notices (the answer does not fit
 * the request) and drops these connections, so the next request opens a new one instead of staying behind.
 */
export class HubConnection {
  private agent: Agent | undefined;

  async fetch(url: string, init: RequestInit): Promise<HubExchange> {
    const { Agent, fetch } = await loadUndici();
    this.agent ??= new Agent();
    const agent = this.agent;
    const response = await fetch(url, { ...init, dispatcher: agent });
    return { response, drop: () => this.replace(agent) };
  }

  /**
   * A request whose body is a blob's chunk: through undici's `request`, which sends a Buffer as it is (fetch
   * copies a body before sending it: fresh memory for every chunk, which costs most here).
   */
  async request(url: string, init: { method: 'PUT'; headers: Record<string, string>; body: Uint8Array; signal?: AbortSignal }): Promise<HubExchange> {
    const { Agent } = await loadUndici();
    this.agent ??= new Agent();
    const agent = this.agent;
    const target = new URL(url);
    const answer = await agent.request({ origin: target.origin, path: `${target.pathname}${target.search}`, method: init.method, headers: init.headers, body: init.body, signal: init.signal });
    return { response: bytesResponse(answer), drop: () => this.replace(agent) };
  }

  /** Closes every connection (a core shutting down); a later request opens new ones. */
  close(): void {
    if (this.agent) this.replace(this.agent);
  }

  /**
   * Only the agent still in use is replaced: requests running at the same time on the old one that meet the
   * same mix-up must not throw away the fresh one. Closed gently: its other requests finish, then its
   * connections go.
   */
  private replace(agent: Agent): void {
    if (this.agent !== agent) return;
    this.agent = undefined;
    agent.close().catch(() => undefined);
  }
}

function bytesResponse(answer: Dispatcher.ResponseData): HubResponse {
  return {
    ok: answer.statusCode >= 200 && answer.statusCode < 300,
    status: answer.statusCode,
    headers: {
      get(name) {
        const value = answer.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body: answer.body,
    text: () => answer.body.text(),
    json: () => answer.body.json(),
  };
}
