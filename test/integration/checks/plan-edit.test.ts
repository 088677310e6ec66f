import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { tempDir } from '../../setup/temp';

let core: Core | undefined;
const call = <N extends CallName>(name: N, input: CallInput<N>) => core!.dispatch(name, input) as Promise<CallOutput<N>>;

const plan = (version: number, every = '1h') => `id: agence
version: ${version}
title: { fr: Agence, en: Branch }
checks:
  - id: disk
    title: { fr: Disque, en: Disk }
    probe: disk.free
    every: ${every}
    applies_to: { sites: [Lyon] }
    fail: { field: free_percent, op: "<", value: 5 }
`;

afterEach(() => {
  core?.close();
  core = undefined;
});

describe('editing the check plan', () => {
  it('is refused to an N1 technician, naming the level', async () => {
    core = openTestCore(join(tempDir(), 'data'));
    expect((await call('checks.plan', {})).canEdit).toBe(false);
    await expect(call('checks.savePlan', { yaml: plan(1), source: 'agence.yaml', enable: true })).rejects.toMatchObject({ code: 'forbidden', path: 'level' });
    expect((await call('checks.overview', {})).plan.id).toBe('builtin-health');
  });

  it('checks the text as typed by line and field, and a refused version leaves the running one running', async () => {
    core = openTestCore(join(tempDir(), 'data'));
    await call('settings.update', { level: 'N2' });
    const start = await call('checks.plan', {});
    expect(start).toMatchObject({ id: 'builtin-health', canEdit: true, enabled: false });
    expect(start.yaml).toContain('id: builtin-health');

    expect((await call('checks.validatePlan', { yaml: plan(1), source: 'agence.yaml' })).problems).toEqual([]);
    const broken = plan(2, 'soon');
    expect((await call('checks.validatePlan', { yaml: broken, source: 'agence.yaml' })).problems).toEqual([
      // The key and its parameters let the editor word it in French; the English message is for the CLI.
      { line: 8, col: 12, field: 'checks[0].every', message: expect.stringMatching(/^every: a duration/), text: { key: 'hintDuration', params: { what: 'every', min: 60, max: 30 } } },
    ]);

    await call('checks.savePlan', { yaml: plan(1), source: 'agence.yaml', enable: true });
    await expect(call('checks.savePlan', { yaml: broken, source: 'agence.yaml', enable: true })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('agence.yaml:8:12: checks[0].every: every: a duration'),
    });
    const after = await call('checks.plan', {});
    expect(after).toMatchObject({ id: 'agence', version: 1, enabled: true, source: 'agence.yaml' });
    expect(after.yaml).toBe(plan(1));

    // A plan saved while background runs are off is the one shown (and run by "Run now"), still not running.
    await call('checks.enable', { id: null });
    await call('checks.savePlan', { yaml: plan(2, '2h'), source: 'agence.yaml', enable: false });
    expect((await call('checks.overview', {})).plan).toMatchObject({ id: 'agence', version: 2, enabled: false });
  });
});
