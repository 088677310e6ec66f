import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SftpSession, SshConnection } from '../../../electron/core/ssh';
import { createHarness, type Harness } from './harness';

async function sha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('SFTP against a real sshd', () => {
  let h: Harness;
  let connection: SshConnection;
  let sftp: SftpSession;
  beforeAll(async () => {
    h = await createHarness();
    h.addHost('box');
    h.trustFixture();
    connection = await h.service.connect('box');
    sftp = await connection.sftp();
  });
  afterAll(async () => {
    sftp?.close();
    await connection?.close();
    await h?.dispose();
  });

  it('round-trips a 50 MB file with the same sha256 and reports progress', async () => {
    const local = join(h.dir, 'big.bin');
    // Random bytes so nothing along the way can cheat with compression or sparse files.
    writeFileSync(local, randomBytes(50 * 1024 * 1024));
    const remote = join(h.sshd.userDir, 'big.bin');
    const progress: number[] = [];
    await sftp.upload(local, remote, { onProgress: (done) => progress.push(done) });
    expect(progress.at(-1)).toBe(50 * 1024 * 1024);
    const back = join(h.dir, 'back.bin');
    await sftp.download(remote, back);
    expect(await sha256(back)).toBe(await sha256(local));
    const remoteSum = await connection.run(`sha256sum ${remote}`);
    expect(remoteSum.stdout.split(' ')[0]).toBe(await sha256(local));
  }, 40_000);

  it('lists, makes folders and deletes', async () => {
    const folder = join(h.sshd.userDir, 'logs');
    await sftp.mkdir(folder);
    await connection.run(`printf abc > ${folder}/a.txt`);
    const entries = await sftp.list(folder);
    expect(entries).toEqual([expect.objectContaining({ name: 'a.txt', type: 'file', size: 3 })]);
    expect((await sftp.list(h.sshd.userDir)).find((e) => e.name === 'logs')?.type).toBe('directory');
    await sftp.remove(join(folder, 'a.txt'));
    await sftp.remove(folder);
    await expect(sftp.list(folder)).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining(folder) });
  });

  it('cancels a download and leaves no partial file', async () => {
    const remote = join(h.sshd.userDir, 'cancel.bin');
    await connection.run(`head -c 30000000 /dev/urandom > ${remote}`);
    const local = join(h.dir, 'cancel.bin');
    const controller = new AbortController();
    const transfer = sftp.download(remote, local, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done > 1_000_000) controller.abort();
      },
    });
    await expect(transfer).rejects.toMatchObject({ code: 'cancelled' });
    expect(existsSync(local)).toBe(false);
  });
});
