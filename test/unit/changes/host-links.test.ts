import { describe, expect, it } from 'vitest';
import { CancelFanout, HostLinks, START_WAIT_MS } from '../../../electron/core/change-records/host-links';
import type { SshConnection } from '../../../electron/core/ssh/connection';

/** Records when each host's connection was asked for; each connects when the test says so. */
function recorder() {
  const asked: string[] = [];
  const up = new Map<string, () => void>();
  const connect = (host: string) => {
    asked.push(host);
    return new Promise<SshConnection>((resolve) => up.set(host, () => resolve({ isOpen: true, close: async () => undefined } as unknown as SshConnection)));
  };
  return { asked, connect, up: (host: string) => up.get(host)!() };
}

const turn = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('connections opened ahead of the hosts of a rollout', () => {
  it('paced: the canary connects alone, the next hosts once its command has started', async () => {
    const { asked, connect, up } = recorder();
    const links = new HostLinks(connect, new CancelFanout(new AbortController().signal), { paced: true });
    for (const host of ['canary', 'h1', 'h2']) links.prepare(host);
    await turn();
    expect(asked).toEqual(['canary']);
    up('canary');
    await turn();
    // Its connection is up, its command not started yet: the others' handshakes would compete with its start.
    expect(asked).toEqual(['canary']);
    links.started();
    await turn();
    expect(asked).toEqual(['canary', 'h1', 'h2']);
    for (const host of ['h1', 'h2']) up(host);
    await links.closeAll();
  });

  it("paced: a connection prepared as a host takes its turn waits for that host's start, at most START_WAIT_MS", async () => {
    const { asked, connect, up } = recorder();
    const links = new HostLinks(connect, new CancelFanout(new AbortController().signal), { paced: true });
    links.prepare('canary');
    up('canary');
    links.started();
    await turn();
    links.prepare('h1');
    await turn();
    expect(asked).toEqual(['canary']);
    // No command started (a checklist procedure, a host skipped): the connection opens anyway, a little later.
    await new Promise((resolve) => setTimeout(resolve, START_WAIT_MS + 100));
    expect(asked).toEqual(['canary', 'h1']);
    up('h1');
    await links.closeAll();
  });

  it('not paced (a rollback): every prepared connection opens at once', async () => {
    const { asked, connect, up } = recorder();
    const links = new HostLinks(connect, new CancelFanout(new AbortController().signal));
    for (const host of ['h1', 'h2', 'h3']) links.prepare(host);
    await turn();
    expect(asked).toEqual(['h1', 'h2', 'h3']);
    for (const host of asked) up(host);
    await links.closeAll();
  });
});
