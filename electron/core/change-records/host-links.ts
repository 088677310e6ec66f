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

/**
 * Connections opened ahead of their host's turn (the SSH handshake and login happen while the hosts
 * before it run), each used once then closed. A host whose connection fails is reported at its turn.
 */
export class HostLinks {
  private readonly links = new Map<string, HostLink & { controller: AbortController }>();

  constructor(
    private readonly connect: (host: string, options: { signal: AbortSignal }) => Promise<SshConnection>,
    private readonly fanout: CancelFanout,
  ) {}

  prepare(host: string): void {
    if (this.links.has(host)) return;
    const { controller, release } = this.fanout.child();
    const connection = this.connect(host, { signal: controller.signal });
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

  /** Closes the connections opened for hosts that never got their turn (the rollout stopped first). */
  async closeUnused(): Promise<void> {
    const unused = [...this.links.values()];
    this.links.clear();
    await Promise.all(
      unused.map(async (link) => {
        link.controller.abort();
        link.release();
        const connection = await link.connection.catch(() => null);
        await connection?.close();
      }),
    );
  }
}
