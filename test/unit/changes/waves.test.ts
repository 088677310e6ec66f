import { describe, expect, it } from 'vitest';
import { planWaves, type HostOutcome } from '../../../shared/changes';

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

  it('stops after the wave where failures pass the threshold', async () => {
    const { verdict, ran, skipped } = await roll(hosts, ['h2', 'h3'], { waveSize: 3, failureThreshold: 1 });
    expect(verdict.outcome).toBe('stopped');
    expect(verdict.failed).toEqual(['h2', 'h3']);
    expect(ran.map((r) => r.host)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(skipped).toEqual(['h5', 'h6', 'h7']);
  });

  it('a cancel ends the rollout after the running wave; the rest is skipped', async () => {
    const { verdict, skipped } = await roll(hosts, [], { waveSize: 2, failureThreshold: 0 }, 'h2');
    expect(verdict.outcome).toBe('cancelled');
    expect(skipped).toEqual(['h4', 'h5', 'h6', 'h7']);
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
