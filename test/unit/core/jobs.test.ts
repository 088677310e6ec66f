import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/contract';
import { JobRunner } from '../../../electron/core/jobs';
import { StreamBus } from '../../../electron/core/streams';

function recorder() {
  const bus = new StreamBus();
  const seen: JobProgress[] = [];
  bus.subscribe((message) => {
    if (message.stream === 'job.progress') seen.push(message.payload);
  });
  return { runner: new JobRunner(bus), seen };
}

describe('jobs', () => {
  it('streams progress and ends done with the result', async () => {
    const { runner, seen } = recorder();
    const { jobId, result } = runner.start('count', async (ctx) => {
      for (let i = 1; i <= 3; i++) ctx.progress(i, 3, `step ${i}`);
      return 'finished';
    });
    expect(await result).toBe('finished');
    expect(seen[0]).toMatchObject({ jobId, kind: 'count', state: 'running', done: 0 });
    expect(seen.at(-1)).toMatchObject({ jobId, state: 'done', done: 3, total: 3, message: 'step 3' });
    expect(runner.list()).toEqual([]);
  });

  it('cancels a running job by id', async () => {
    const { runner, seen } = recorder();
    let iterations = 0;
    const { jobId, result } = runner.start('endless', async (ctx) => {
      for (let i = 0; i < 10_000; i++) {
        ctx.throwIfCancelled();
        iterations++;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      return 'should not finish';
    });
    expect(runner.list().map((job) => job.jobId)).toEqual([jobId]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(runner.cancel(jobId)).toBe(true);
    await expect(result).rejects.toMatchObject({ code: 'cancelled' });
    expect(iterations).toBeLessThan(10_000);
    expect(seen.at(-1)).toMatchObject({ jobId, state: 'cancelled' });
    expect(runner.cancel(jobId)).toBe(false);
  });

  it('reports a failure with its message', async () => {
    const { runner, seen } = recorder();
    const { result } = runner.start('broken', async () => {
      throw new Error('disk unplugged');
    });
    await expect(result).rejects.toThrow('disk unplugged');
    expect(seen.at(-1)).toMatchObject({ state: 'failed', error: 'disk unplugged' });
  });
});
