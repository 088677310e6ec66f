import { describe, expect, it } from 'vitest';
import { MAX_PREPARED_AHEAD, planWaves, type HostOutcome } from '../../../shared/changes';

async function roll(hosts: string[], failing: string[], settings: { waveSize: number; failureThreshold: number }, cancelAfter?: string) {
  const signal = { aborted: false };
  const ran: { host: string; wave: number }[] = [];
  const skipped: string[] = [];
  const verdict = await planWaves(hosts, settings, signal, async (host, wave): Promise<HostOutcome> => {
    ran.push({ host, wave });
    if (host === cancelAfter) signal.aborted = true;
    return failing.includes(host) ? 'failed' : 'succeeded';
  }, (host) => skipped.push(host));
  return { verdict, ran, skipped };
}

const hosts = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'];

describe('rollout waves', () => {
  it('runs one canary, then waves of N', async () => {
    const { verdict, ran } = await roll(hosts, [], { waveSize: 3, failureThreshold: 0 });
    expect(verdict).toMatchObject({ outcome: 'completed', done: 7, failed: [] });
    expect(ran.map((r) => r.wave)).toEqual([0, 1, 1, 1, 2, 2, 2]);
  });

  it('stops when the canary fails and skips every other host', async () => {
    const { verdict, ran, skipped } = await roll(hosts, ['h1'], { waveSize: 3, failureThreshold: 5 });
    expect(verdict).toMatchObject({ outcome: 'stopped', reason: 'the canary host h1 failed' });
    expect(ran.map((r) => r.host)).toEqual(['h1']);
    expect(skipped).toEqual(hosts.slice(1));
  });

  it('stops starting hosts once the failures pass the threshold; the ones running end', async () => {
    const { verdict, ran, skipped } = await roll(hosts, ['h2', 'h3'], { waveSize: 3, failureThreshold: 1 });
    expect(verdict.outcome).toBe('stopped');
    expect(verdict.reason).toBe('2 host(s) failed, more than the threshold of 1');
    expect(verdict.failed).toEqual(['h2', 'h3']);
    // h2 failing is within the threshold, so its slot goes to h5; h3 failing stops the rollout.
    expect(ran.map((r) => r.host)).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    expect(skipped).toEqual(['h6', 'h7']);
  });

  it('a cancel starts no new host: the ones running end, the rest is skipped', async () => {
    // The cancel comes as h2 starts, before h3 would take the second slot.
    const { verdict, ran, skipped } = await roll(hosts, [], { waveSize: 2, failureThreshold: 0 }, 'h2');
    expect(verdict.outcome).toBe('cancelled');
    expect(ran.map((r) => r.host)).toEqual(['h1', 'h2']);
    expect(skipped).toEqual(['h3', 'h4', 'h5', 'h6', 'h7']);
  });
});

describe('rollout waves where hosts are skipped', () => {
  it('the first host that actually runs is the canary, and a rollout where no host ran did not complete', async () => {
    const order: string[] = [];
    const run = async (host: string): Promise<HostOutcome> => (order.push(host), host === 'down' ? 'skipped' : 'succeeded');
    const some = await planWaves(['down', 'h1', 'h2', 'h3'], { waveSize: 2, failureThreshold: 0 }, { aborted: false }, run, () => undefined);
    expect(some).toMatchObject({ outcome: 'completed', done: 3 });
    const none = await planWaves(['down'], { waveSize: 2, failureThreshold: 0 }, { aborted: false }, run, () => undefined);
    expect(none).toMatchObject({ outcome: 'stopped', reason: expect.stringMatching(/no host could run/) });
  });
});

/** A host whose run ends when the test says so. */
function gate() {
  let open: (outcome: HostOutcome) => void = () => undefined;
  const promise = new Promise<HostOutcome>((resolve) => (open = resolve));
  return { promise, open };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('rollout as a sliding window of waveSize hosts', () => {
  it('a slow host holds no one up, never more than waveSize hosts run at once, and the canary runs alone', async () => {
    const gates = new Map(hosts.map((h) => [h, gate()]));
    const running = new Set<string>();
    let most = 0;
    const started: string[] = [];
    const rollout = planWaves(hosts, { waveSize: 2, failureThreshold: 0 }, { aborted: false }, async (host) => {
      started.push(host);
      running.add(host);
      most = Math.max(most, running.size);
      const outcome = await gates.get(host)!.promise;
      running.delete(host);
      return outcome;
    }, () => undefined);
    await tick();
    expect(started).toEqual(['h1']);
    gates.get('h1')!.open('succeeded');
    await tick();
    expect(started).toEqual(['h1', 'h2', 'h3']);
    // h2 is slow: h3 ending lets h4 start, then h4 ending lets h5 start, h2 still running.
    gates.get('h3')!.open('succeeded');
    await tick();
    expect(started).toEqual(['h1', 'h2', 'h3', 'h4']);
    gates.get('h4')!.open('succeeded');
    await tick();
    expect(started).toEqual(['h1', 'h2', 'h3', 'h4', 'h5']);
    for (const h of ['h2', 'h5', 'h6', 'h7']) {
      gates.get(h)!.open('succeeded');
      await tick();
    }
    expect(await rollout).toMatchObject({ outcome: 'completed', done: 7 });
    expect(most).toBe(2);
  });

  it('numbers waves by batches of waveSize in host order, also for the hosts skipped', async () => {
    const waves: Record<string, number> = {};
    await planWaves(hosts, { waveSize: 2, failureThreshold: 0 }, { aborted: false }, async (host, wave) => {
      waves[host] = wave;
      return host === 'h3' ? 'failed' : 'succeeded';
    }, (host, wave) => (waves[host] = wave));
    expect(waves).toEqual({ h1: 0, h2: 1, h3: 1, h4: 2, h5: 2, h6: 3, h7: 3 });
  });

  it('tells prepare the next waveSize hosts ahead, the ones after the canary while the canary runs', async () => {
    const prepared: string[] = [];
    const canary = gate();
    const rollout = planWaves(hosts, { waveSize: 3, failureThreshold: 0 }, { aborted: false }, (host) => (host === 'h1' ? canary.promise : Promise.resolve('succeeded')), () => undefined, (host) => prepared.push(host));
    await tick();
    expect(prepared).toEqual(['h1', 'h2', 'h3', 'h4']);
    canary.open('succeeded');
    await rollout;
    expect(prepared).toEqual(hosts);
  });

  it('prepares at most 32 hosts ahead, however wide the rollout', async () => {
    const many = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const prepared: string[] = [];
    const canary = gate();
    const rollout = planWaves(many, { waveSize: 100, failureThreshold: 0 }, { aborted: false }, (host) => (host === 'm0' ? canary.promise : Promise.resolve('succeeded')), () => undefined, (host) => prepared.push(host));
    await tick();
    expect(prepared).toEqual(many.slice(0, 1 + MAX_PREPARED_AHEAD));
    expect(MAX_PREPARED_AHEAD).toBe(32);
    canary.open('succeeded');
    expect(await rollout).toMatchObject({ outcome: 'completed', done: 200 });
    expect(prepared).toEqual(many);
  });

  it('a host whose run throws fails the rollout once the others have ended', async () => {
    const ended: string[] = [];
    const rollout = planWaves(hosts, { waveSize: 3, failureThreshold: 0 }, { aborted: false }, async (host) => {
      if (host === 'h2') throw new Error('store is read-only');
      await tick();
      ended.push(host);
      return 'succeeded';
    }, () => undefined);
    await expect(rollout).rejects.toThrow('store is read-only');
    expect(ended).toEqual(['h1', 'h3', 'h4']);
  });
});
