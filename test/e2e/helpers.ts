import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { disposeSshd, generateKeyPair, startSshd, type KeyPair, type Sshd } from '../setup/sshd';
import { expect, test } from './fixtures';

type App = { origin: string; secret: string };

/** A call of the contract over serve mode's HTTP door, as the renderer makes it; fails the test on an error answer. */
export async function api<T>(request: APIRequestContext, app: App, name: string, data: unknown): Promise<T> {
  const response = await request.post(`${app.origin}/api/call/${name}`, { headers: { authorization: `Bearer ${app.secret}` }, data });
  const body = (await response.json()) as { ok: boolean; result: T; error?: unknown };
  expect(body, `${name}: ${JSON.stringify(body.error)}`).toMatchObject({ ok: true });
  return body.result;
}

/** In-app navigation, as a link does: no reload (a build running meanwhile may be rewriting dist/). */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

export interface RemoteBox {
  sshd: Sshd;
  key: KeyPair;
  /** A scratch folder on this side (it holds the key), removed after the spec. */
  dir: string;
}

/** A real OpenSSH sshd on 127.0.0.1 for the spec's tests, with a client key it accepts. */
export function useSshdWithClientKey(): RemoteBox {
  const box = {} as RemoteBox;
  test.beforeAll(async () => {
    box.sshd = await startSshd();
    box.dir = mkdtempSync(join(tmpdir(), 'atelier-e2e-key-'));
    box.key = generateKeyPair(box.dir, 'client');
    box.sshd.authorize(box.key.publicKey);
  });
  test.afterAll(async () => {
    await disposeSshd(box.sshd);
    rmSync(box.dir, { recursive: true, force: true });
  });
  return box;
}
