import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';

const dirs: string[] = [];
const cores: Core[] = [];
afterEach(() => {
  cores.splice(0).forEach((c) => c.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-levels-'));
  dirs.push(dir);
  const core = openTestCore(dir);
  cores.push(core);
  return <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;
}
const errorOf = async (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { code: string; message: string; path?: string });

describe('support levels without a hub: the store’s first user leads it', () => {
  it('the first user to say a level leads the store; another user cannot raise their own level, the core refuses it', async () => {
    const call = open();
    expect(await call('settings.level', {})).toEqual({ level: null, source: 'store', lead: null, isLead: false, canChange: true });
    // First run: Sarah says her name and level, and becomes the lead of this store.
    await call('settings.update', { technician: 'Sarah', level: 'N3', welcomed: true });
    expect(await call('settings.level', {})).toEqual({ level: 'N3', source: 'store', lead: 'Sarah', isLead: true, canChange: true });
    expect((await call('settings.get', {})).level).toBe('N3');
    await call('settings.update', { level: 'N2' });
    expect((await call('settings.get', {})).level).toBe('N2');

    // Karim uses the same store under his name: he is N1 (nobody gave him a level) and cannot make himself N3.
    await call('settings.update', { technician: 'Karim' });
    expect(await call('settings.level', {})).toEqual({ level: null, source: 'store', lead: 'Sarah', isLead: false, canChange: false });
    expect(await errorOf(call('settings.update', { level: 'N3' }))).toMatchObject({ code: 'forbidden', path: 'level', message: expect.stringContaining('Only the lead of this store (Sarah)') });
    expect((await call('settings.get', {})).level).toBeNull();
    // What the level gates is enforced in the core too: no draft for him.
    expect(await errorOf(call('checklists.newDraft', {}))).toMatchObject({ code: 'forbidden', path: 'level' });
    // Other settings still change.
    expect((await call('settings.update', { theme: 'dark' })).theme).toBe('dark');
  });
});
