import type { SshConnection } from '../ssh/connection';

/**
 * One listener on the rollout's signal, whatever the number of hosts: each host gets a child controller
 * that the parent's abort aborts. (One listener per host on the same signal passes Node's limit of 10 and
 * prints MaxListenersExceededWarning at 16 hosts at once.)
 */
export class CancelFanout {
  private readonly live = new Set<AbortController>();
  private readonly onAbort = () => {
    for (const child of this.live) child.abort(this.parent.reason);
  };

  constructor(private readonly parent: AbortSignal) {
    parent.addEventListener('abort', this.onAbort, { once: true });
  }

  /** A controller aborted with the parent; `release` forgets it once its host is done. */
  child(): { controller: AbortController; release: () => void } {
    const controller = new AbortController();
    if (this.parent.aborted) controller.abort(this.parent.reason);
    else this.live.add(controller);
    return { controller, release: () => this.live.delete(controller) };
  }

  dispose(): void {
    this.parent.removeEventListener('abort', this.onAbort);
    this.live.clear();
  }
}

export interface HostLink {
  /** Aborted when the rollout is cancelled: the host's connect and commands listen here. */
  readonly signal: AbortSignal;
  readonly connection: Promise<SshConnection>;
  release(): void;
}

/** How long a connection prepared while a host starts waits at most for that host's command (see `started`). */
export const START_WAIT_MS = 500;

/**
 * Connections opened ahead of their host's turn (the SSH handshake and login happen while the hosts
 * before it run), each used once then closed. A host whose connection fails is reported at its turn.
 * `paced` keeps the handshakes out of the way of the commands starting (a handshake costs both ends tens of
 * milliseconds of CPU, a burst of sixteen more than a round's command start-ups): the first host's connection
 * opens alone and the others once it is up (or failed), so the canary's login is alone, and a connection
 * prepared as a host takes its turn opens once that host's command has started (`started`, at most
 * START_WAIT_MS later), not at the same moment.
 */
export class HostLinks {
  private readonly links = new Map<string, HostLink & { controller: AbortController }>();
  private readonly closing = new Set<Promise<void>>();
  private first: Promise<unknown> | null = null;
  /** The start the connections prepared meanwhile wait for. */
  private nextStart: { promise: Promise<void>; resolve: () => void } | null = null;

  constructor(
    private readonly connect: (host: string, options: { signal: AbortSignal }) => Promise<SshConnection>,
    private readonly fanout: CancelFanout,
    private readonly options: { paced?: boolean } = {},
  ) {}

  /** A host's command has started: the connections prepared since its turn came may open. */
  started(): void {
    this.nextStart?.resolve();
    this.nextStart = null;
  }

  private commandStarted(): Promise<void> {
    if (!this.nextStart) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      const wait = setTimeout(resolve, START_WAIT_MS);
      this.nextStart = { promise, resolve };
      void promise.then(() => clearTimeout(wait));
    }
    return this.nextStart.promise;
  }

  prepare(host: string): void {
    if (this.links.has(host)) return;
    const { controller, release } = this.fanout.child();
    const open = () => this.connect(host, { signal: controller.signal });
    const connection = this.first === null || !this.options.paced ? open() : this.first.then(() => this.commandStarted()).then(open);
    this.first ??= connection.catch(() => undefined);
    // Its failure is read at the host's turn (or never, when the rollout stops first).
    connection.catch(() => undefined);
    this.links.set(host, { signal: controller.signal, connection, release, controller });
  }

  /** The host's link (opened now if it was not prepared); the caller closes its connection and releases it. */
  take(host: string): HostLink {
    this.prepare(host);
    const link = this.links.get(host)!;
    this.links.delete(host);
    return link;
  }

  /**
   * Closes a host's connection once its work is done, without holding its place: the next host starts
   * while the server acknowledges the close (`closeAll` waits for it).
   */
  retire(connection: SshConnection): void {
    const closed = connection.close().catch(() => undefined);
    this.closing.add(closed);
    void closed.then(() => this.closing.delete(closed));
  }

  /** Closes the connections opened for hosts that never got their turn (the rollout stopped first) and waits for every retired one. */
  async closeAll(): Promise<void> {
    const unused = [...this.links.values()];
    this.links.clear();
    await Promise.all([
      ...unused.map(async (link) => {
        link.controller.abort();
        link.release();
        const connection = await link.connection.catch(() => null);
        await connection?.close();
      }),
      ...this.closing,
    ]);
  }
}
