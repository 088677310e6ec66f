import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { SftpPool } from '../../../electron/core/ssh/sftp-pool';
import type { CallInput, CallName, CallOutput, TunnelStatus } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { disposeSshd, freePort, generateKeyPair, startSshd, userIds, type Sshd } from '../../setup/sshd';
import { jobEnd } from '../checklists/job-end';
import { createHarness, type Harness } from './harness';
import { until } from '../../setup/until';

/** Logins and logouts the real sshd wrote in its log: what a connection cache must save. */
// The whole log file: sshd.log() is its last 4,000 characters, a window that drops earlier lines.
const wholeLog = (sshd: Sshd) => readFileSync(sshd.logFile, 'utf8');
const logins = (sshd: Sshd) => (wholeLog(sshd).match(/Accepted publickey for /g) ?? []).length;
const logouts = (sshd: Sshd) => (wholeLog(sshd).match(/Disconnected from user |Received disconnect from /g) ?? []).length;

describe('SFTP session cache against a real sshd', () => {
  let h: Harness;
  let pool: SftpPool;
  beforeAll(async () => {
    h = await createHarness();
    h.addHost('box');
    h.trustFixture();
    pool = new SftpPool(h.service, 400);
  });
  afterAll(async () => {
    await pool?.closeAll();
    await h?.dispose();
  });

  it('reuses one connection for several calls, closes it once idle, and reconnects on the next use', async () => {
    const before = logins(h.sshd);
    for (let i = 0; i < 4; i++) await pool.use('box', (s) => s.list(h.sshd.userDir));
    // Concurrent first uses share the connection being made.
    await Promise.all([pool.use('box', (s) => s.realpath('.')), pool.use('BOX', (s) => s.list('.'))]);
    expect(pool.stats()).toEqual({ open: 1, connects: 1 });
    await until('the sshd log line of the login', () => logins(h.sshd) === before + 1);
    const closedBefore = logouts(h.sshd);

    await until('the idle close', () => pool.stats().open === 0, 3000);
    await until('the sshd log line of the logout', () => logouts(h.sshd) > closedBefore);

    await pool.use('box', (s) => s.list(h.sshd.userDir));
    expect(pool.stats()).toEqual({ open: 1, connects: 2 });
    await until('the second login', () => logins(h.sshd) === before + 2);
  });

  it('keeps a session open while it is in use, past the idle time', async () => {
    await pool.use('box', async (s) => {
      await new Promise((r) => setTimeout(r, 700));
      expect(await s.realpath('.')).toMatch(/^\//);
    });
    expect(pool.stats().open).toBe(1);
  });

  it('reconnects when the connection dropped under it', async () => {
    const { connects } = pool.stats();
    const connection = await pool.use('box', async (_s, c) => c);
    // What a network cut does: the socket goes away without an SSH goodbye.
    (connection.client as unknown as { _sock: { destroy(): void } })._sock.destroy();
    await until('the pool to forget the dead session', () => pool.stats().open === 0);
    const listing = await pool.use('box', (s) => s.list(h.sshd.userDir));
    expect(Array.isArray(listing)).toBe(true);
    expect(pool.stats()).toEqual({ open: 1, connects: connects + 1 });
  });
});

describe('files, fetch logs and tunnels through the core calls (real sshd)', () => {
  let dir: string;
  let core: Core;
  let sshd: Sshd;
  const HOST = 'pc-compta';
  const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;
  let ticketId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-remote-panels-'));
    sshd = await startSshd();
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    core = openTestCore(dir);
    await call('hosts.add', { name: HOST, address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
    ({ ticket: { id: ticketId } } = await call('tickets.create', { kind: 'incident', title: 'Imprimante bloquée', impact: 2, urgency: 2, asset: 'PC-COMPTA' }));
  }, 60_000);
  afterAll(async () => {
    core?.close();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sftp.open asks about an unknown host key, then opens once it is trusted', async () => {
    const first = await call('sftp.open', { name: HOST });
    expect(first).toMatchObject({ status: 'hostKey', offer: { host: HOST, fingerprint: sshd.hostFingerprint() } });
    if (first.status !== 'hostKey') throw new Error('expected an offer');
    await call('knownHosts.trust', { name: HOST, fingerprint: first.offer.fingerprint });
    const opened = await call('sftp.open', { name: HOST });
    expect(opened).toEqual({ status: 'open', home: expect.stringMatching(/^\//) });
  });

  it('makes a folder, uploads from the window and from a path, lists, downloads (attached), refuses to remove a full folder', async () => {
    const folder = join(sshd.userDir, 'depot');
    await call('sftp.mkdir', { name: HOST, path: folder });
    const data = Buffer.from('bonjour depuis le poste\n'.repeat(100));
    const up = await call('sftp.uploadData', { name: HOST, remotePath: `${folder}/note.txt`, base64: data.toString('base64') });
    expect((await jobEnd(core, up.jobId)).state).toBe('done');
    expect(await call('sftp.result', { jobId: up.jobId })).toMatchObject({ direction: 'upload', bytes: data.length });
    const local = join(dir, 'local.bin');
    writeFileSync(local, Buffer.alloc(300_000, 7));
    const up2 = await call('sftp.upload', { name: HOST, localPath: local, remotePath: `${folder}/local.bin` });
    expect((await jobEnd(core, up2.jobId)).state).toBe('done');
    await expect(call('sftp.upload', { name: HOST, localPath: join(dir, 'nope.bin'), remotePath: `${folder}/x` })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('no file'),
    });

    const listing = await call('sftp.list', { name: HOST, path: `${folder}/../depot` });
    expect(listing.path).toBe(folder);
    expect(listing.entries.map((e) => [e.name, e.type, e.size])).toEqual([
      ['local.bin', 'file', 300_000],
      ['note.txt', 'file', data.length],
    ]);

    const downloads = join(dir, 'downloads');
    expect(await call('sftp.setDownloadFolder', { folder: downloads })).toEqual({ folder: downloads, isDefault: false });
    await expect(call('sftp.setDownloadFolder', { folder: 'relative/dir' })).rejects.toMatchObject({ message: expect.stringContaining('not an absolute path') });
    writeFileSync(join(dir, 'downloads', 'note.txt'), 'already here');
    const down = await call('sftp.download', { name: HOST, remotePath: `${folder}/note.txt`, ticketId });
    expect((await jobEnd(core, down.jobId)).state).toBe('done');
    const result = await call('sftp.result', { jobId: down.jobId });
    // The existing file is kept; the download takes the next free name.
    expect(result).toMatchObject({ direction: 'download', localPath: join(downloads, 'note (1).txt'), bytes: data.length, attachedTo: ticketId });
    expect(readFileSync(join(downloads, 'note (1).txt'))).toEqual(data);
    expect(readFileSync(join(downloads, 'note.txt'), 'utf8')).toBe('already here');
    const attachment = (await call('tickets.get', { id: ticketId })).ticket.attachments.find((a) => a.name === 'note.txt');
    expect(attachment).toBeDefined();
    expect(Buffer.from((await call('attachments.get', { hash: attachment!.hash })).base64, 'base64')).toEqual(data);

    await expect(call('sftp.remove', { name: HOST, path: folder })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/not empty \(2 item/) });
    await call('sftp.remove', { name: HOST, path: `${folder}/note.txt` });
    await call('sftp.remove', { name: HOST, path: `${folder}/local.bin` });
    await call('sftp.remove', { name: HOST, path: folder });
    await expect(call('sftp.list', { name: HOST, path: folder })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining(folder) });
  });

  it('a cancelled download leaves no file and reports cancelled', async () => {
    const remote = join(sshd.userDir, 'big.bin');
    writeFileSync(remote, Buffer.alloc(200 * 1024 * 1024, 1));
    const { uid, gid } = userIds();
    chownSync(remote, uid, gid);
    const down = await call('sftp.download', { name: HOST, remotePath: remote });
    const ended = jobEnd(core, down.jobId);
    await call('jobs.cancel', { jobId: down.jobId });
    expect((await ended).state).toBe('cancelled');
    expect(await call('sftp.result', { jobId: down.jobId })).toBeNull();
    expect(existsSync(join(dir, 'downloads', 'big.bin'))).toBe(false);
    rmSync(remote);
  });

  it('fetch logs: each item reported on its own; a readable file attached with equal content; the tail of a large one', async () => {
    const app = join(sshd.userDir, 'app.log');
    const content = Array.from({ length: 200 }, (_, i) => `2026-11-23T10:${String(i % 60).padStart(2, '0')} app[42]: line ${i}\n`).join('');
    writeFileSync(app, content);
    const big = join(sshd.userDir, 'big.log');
    const bigContent = Array.from({ length: 5000 }, (_, i) => `line ${i}\n`).join('');
    writeFileSync(big, bigContent);
    const secret = join(sshd.userDir, 'secret.log');
    writeFileSync(secret, 'root only\n');
    chmodSync(secret, 0o600); // owned by root: the test user may not read it
    const missing = join(sshd.userDir, 'missing.log');

    const { jobId } = await call('logs.fetch', { name: HOST, ticketId, presets: ['syslog', 'dmesg'], files: [app, missing, secret, big], maxBytes: 8192 });
    expect((await jobEnd(core, jobId)).state).toBe('done');
    const result = await call('logs.result', { jobId });
    expect(result?.items.map((i) => i.source)).toEqual(['syslog', 'dmesg', app, missing, secret, big]);
    const item = (source: string) => result!.items.find((i) => i.source === source)!;

    // /var/log/syslog may or may not exist here: whatever it is, it is reported, not fatal.
    expect(['attached', 'missing', 'denied', 'empty']).toContain(item('syslog').status);
    expect(['attached', 'missing', 'denied', 'failed', 'empty']).toContain(item('dmesg').status);
    expect(item(missing)).toMatchObject({ status: 'missing', message: expect.stringContaining(missing) });
    expect(item(secret)).toMatchObject({ status: 'denied', message: expect.stringContaining('permission denied') });
    expect(item(app)).toMatchObject({ status: 'attached', bytes: content.length, totalBytes: content.length, truncated: false, attachment: expect.stringMatching(/^pc-compta-app\.log-\d{8}-\d{4}\.txt$/) });
    expect(item(big)).toMatchObject({ status: 'attached', bytes: 8192, totalBytes: bigContent.length, truncated: true, message: expect.stringContaining('only the last') });

    const attachments = (await call('tickets.get', { id: ticketId })).ticket.attachments;
    const stored = async (name: string) => Buffer.from((await call('attachments.get', { hash: attachments.find((a) => a.name === name)!.hash })).base64, 'base64').toString('utf8');
    expect(await stored(item(app).attachment!)).toBe(content);
    expect(await stored(item(big).attachment!)).toBe(bigContent.slice(-8192));
    expect(attachments.filter((a) => a.name.includes('missing') || a.name.includes('secret'))).toEqual([]);
  });

  it('fetch logs refuses an unknown preset or a relative path, naming it', async () => {
    await expect(call('logs.fetch', { name: HOST, ticketId, presets: ['nope'] })).rejects.toMatchObject({ message: expect.stringContaining('presets[0]: no log preset "nope"') });
    await expect(call('logs.fetch', { name: HOST, ticketId, files: ['var/log/x'] })).rejects.toMatchObject({ message: expect.stringContaining('files[0]') });
    await expect(call('logs.fetch', { name: HOST, ticketId: 'T-404', presets: ['syslog'] })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('the host book knows the open tickets whose asset names the host (any case)', async () => {
    const list = await call('hosts.openTickets', {});
    expect(list).toEqual([{ host: HOST, open: 1, tickets: [expect.objectContaining({ id: ticketId, title: 'Imprimante bloquée', priority: expect.any(String) })] }]);
  });

  it('tunnel to the sshd port: status live, data flows, stop closes the port; refused and busy ports are clear errors', async () => {
    const statuses: TunnelStatus[] = [];
    const stop = core.bus.subscribe((m) => {
      if (m.stream === 'tunnels.status') statuses.push(m.payload);
    });
    const tunnel = await call('tunnels.open', { name: HOST, localPort: 0, remoteHost: '127.0.0.1', remotePort: sshd.port });
    expect(tunnel).toMatchObject({ state: 'listening', remotePort: sshd.port, activeConnections: 0 });
    expect(tunnel.localPort).toBeGreaterThan(0);
    // A client on the local port meets the remote service: here sshd's banner.
    const banner = await new Promise<string>((resolve, reject) => {
      const socket = connect(tunnel.localPort, '127.0.0.1');
      socket.once('data', (d) => {
        resolve(d.toString());
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(banner).toMatch(/^SSH-2\.0-OpenSSH/);
    await until('a status with the bytes', () => statuses.some((s) => s.id === tunnel.id && s.bytesIn > 0 && s.totalConnections === 1));
    expect((await call('tunnels.list', {})).map((t) => t.id)).toContain(tunnel.id);

    await expect(call('tunnels.open', { name: HOST, localPort: tunnel.localPort, remoteHost: '127.0.0.1', remotePort: sshd.port })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('port already in use'),
    });
    const closed = await freePort();
    await expect(call('tunnels.open', { name: HOST, localPort: 0, remoteHost: '127.0.0.1', remotePort: closed })).rejects.toMatchObject({
      message: expect.stringContaining(`127.0.0.1:${closed} refused the connection`),
    });

    await call('tunnels.stop', { id: tunnel.id });
    expect(statuses.at(-1)).toMatchObject({ id: tunnel.id, state: 'stopped' });
    await expect(
      new Promise((resolve, reject) => {
        const socket = connect(tunnel.localPort, '127.0.0.1');
        socket.once('connect', () => resolve('connected'));
        socket.once('error', reject);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await call('tunnels.list', {})).toEqual([]);
    stop();
  });
});
