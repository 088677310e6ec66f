import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../../electron/core';
import { secretServiceKeyring, type Keyring } from '../../../electron/core/secrets';
import { createLogger } from '../../../electron/core/log';
import { keyringMissing, startTestKeyring, type TestKeyring } from '../../setup/keyring';
import { tempDir } from '../../setup/temp';

const missing = keyringMissing();
const TOKEN = `atl_${'k'.repeat(43)}`;
// Nothing listens on the discard port: the hub is offline, the token is kept all the same.
const OFFLINE_HUB = 'http://127.0.0.1:9';

interface VaultState {
  initialized: boolean;
  unlocked: boolean;
  keyring?: string;
}

describe.skipIf(missing !== undefined)(`the vault's key in the Secret Service${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let session: TestKeyring;
  let keyring: Keyring;
  beforeAll(() => {
    session = startTestKeyring();
    const found = secretServiceKeyring(session.env);
    if (!found) throw new Error('secret-tool did not answer on the test session bus');
    keyring = found;
  });
  afterAll(() => session?.stop());

  const open = (dataDir: string, withKeyring = true): Core =>
    openCore({ dataDir, logger: createLogger({ level: 'silent' }), ...(withKeyring ? { keyring } : {}) });

  it('a new store gets a vault that opens by itself: the hub token outlives a restart with no passphrase', async () => {
    const dir = tempDir('keyring-');
    let core = open(dir);
    expect(await core.dispatch('secrets.status', {})).toEqual({ initialized: true, unlocked: true, keyring: 'Secret Service' });
    const configured = (await core.dispatch('sync.configure', { hubUrl: OFFLINE_HUB, token: TOKEN })) as { token: string };
    expect(configured.token).toBe('vault');
    core.close();

    core = open(dir);
    try {
      expect(((await core.dispatch('sync.status', {})) as { token: string }).token).toBe('vault');
      // A passphrase cannot stand in for the keyring's key.
      await expect(core.dispatch('secrets.unlock', { passphrase: 'guess' })).rejects.toThrow(/opened by the Secret Service/);
    } finally {
      core.close();
    }
  });

  it('the key gone from the keyring: the vault stays locked and keeps what it holds', async () => {
    const dir = tempDir('keyring-');
    let core = open(dir);
    await core.dispatch('sync.configure', { hubUrl: OFFLINE_HUB, token: TOKEN });
    const account = (core.db.prepare('SELECT params FROM secret_vault').pluck().get() as string).match(/"account":"([^"]+)"/)?.[1];
    core.close();
    expect(account).toBeDefined();

    session.forget(account!);
    core = open(dir);
    try {
      expect(await core.dispatch('secrets.status', {})).toEqual<VaultState>({ initialized: true, unlocked: false, keyring: 'Secret Service' });
      expect(((await core.dispatch('sync.status', {})) as { token: string }).token).toBe('locked');
    } finally {
      core.close();
    }
  });

  it('a vault made with a passphrase is left to its passphrase', async () => {
    const dir = tempDir('keyring-');
    let core = open(dir, false);
    await core.dispatch('secrets.unlock', { passphrase: 'correct horse' });
    core.close();
    core = open(dir);
    try {
      expect(await core.dispatch('secrets.status', {})).toEqual<VaultState>({ initialized: true, unlocked: false });
      await core.dispatch('secrets.unlock', { passphrase: 'correct horse' });
      expect(((await core.dispatch('secrets.status', {})) as VaultState).unlocked).toBe(true);
    } finally {
      core.close();
    }
  });

  it('no session bus: no keyring, the vault asks for a passphrase as before', () => {
    expect(secretServiceKeyring({ PATH: process.env.PATH })).toBeUndefined();
  });
});
