import type { Agent, RequestInit, Response } from 'undici';

type Undici = typeof import('undici');

/** Loaded on the first request: start-up of a core that never syncs does not pay for the HTTP client. */
let undici: Promise<Undici> | undefined;
const loadUndici = (): Promise<Undici> => (undici ??= import('undici'));

/** A response, and how to drop the connections it came through when its answer is out of step. */
export interface HubExchange {
  response: Response;
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
