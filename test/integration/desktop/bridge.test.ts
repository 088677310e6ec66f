import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { X11VNC_ENV, X11VNC_SPEED_OPTIONS } from '../../../electron/core/desktop/x11vnc';
import type { StreamMessage, TicketDetail } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { disposeSshd, freePort, generateKeyPair, startSshd, userIds, type Sshd } from '../../setup/sshd';
import { pathWithoutX11vnc, SCREEN, staleDisplayBefore, startVnc, startXDisplay, type VncServer, type XDisplay } from '../../setup/x-display';
import { until } from '../../setup/until';

const HOST = 'deskbox';
const RFB_GREETING = 'RFB 003.008\n';
const GREETING = RFB_GREETING;

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string; path?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; path?: string };
  }
  throw new Error('expected the call to fail');
}

/** VNC authentication's answer: the challenge DES-encrypted with the password (8 bytes, each byte's bits mirrored). */
function vncAuthResponse(password: string, challenge: Buffer): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, 'latin1').copy(key, 0, 0, 8);
  for (let i = 0; i < 8; i++) key[i] = parseInt((key[i] ?? 0).toString(2).padStart(8, '0').split('').reverse().join(''), 2);
  // Node's OpenSSL 3 keeps DES in its legacy provider, which it does not load; the openssl command does.
  return execFileSync('openssl', ['enc', '-des-ecb', '-nopad', '-K', key.toString('hex'), '-provider', 'legacy', '-provider', 'default'], { input: challenge });
}

// One file for every test that shares the test user's screen: files run in parallel, and "Start sharing" takes the user's first display.
describe('remote desktop bridge through a real sshd to a real x11vnc', () => {
  let dir: string;
  let sshd: Sshd;
  let core: Core;
  let screen: XDisplay;
  let userScreen: XDisplay;
  let vnc: VncServer;
  const messages: StreamMessage[] = [];
  let n = 0;
  const call = (name: string, input: unknown) => core.dispatch(name, input) as Promise<Record<string, unknown>>;
  const typed = <T,>(name: string, input: unknown) => core.dispatch(name, input) as Promise<T>;
  const steps = (sessionId: string) => messages.filter((m) => m.stream === 'desktop.progress' && m.payload.sessionId === sessionId).map((m) => (m.payload as { step: string }).step);
  const received = (sessionId: string) =>
    Buffer.concat(messages.filter((m) => m.stream === 'desktop.data' && m.payload.sessionId === sessionId).map((m) => Buffer.from((m.payload as { data: Uint8Array }).data)));
  const endOf = (sessionId: string) => messages.find((m) => m.stream === 'desktop.end' && m.payload.sessionId === sessionId)?.payload as { kind: string; message?: string } | undefined;

  /** Shares the screen through a relay standing for the network, cuts it, and checks the server (`pids`) stops. */
  async function dropWhileSharing(server: Sshd, name: string, pids: () => number[]): Promise<void> {
    const sockets = new Set<Socket>();
    const relay = createServer((inbound) => {
      const outbound = connect({ host: server.host, port: server.port });
      for (const s of [inbound, outbound]) {
        sockets.add(s);
        s.on('error', () => undefined);
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const relayPort = (relay.address() as AddressInfo).port;
    await call('hosts.add', { name, address: '127.0.0.1', port: relayPort, user: server.user, auth: { method: 'key', keyFile: join(dir, 'client') }, osFamily: 'linux' });
    await call('knownHosts.import', { text: `[127.0.0.1]:${relayPort} ${server.hostPublicKey}\n` });
    try {
      const sessionId = `s${n++}`;
      await call('desktop.open', { name, sessionId, share: true });
      await until('the RFB greeting', () => received(sessionId).length > 0);
      expect(pids()).toHaveLength(1);
      for (const s of sockets) s.destroy();
      expect((await until('the end', () => endOf(sessionId), 60_000)).kind).toBe('ssh_dropped');
      // sshd sees the cut too and closes the session's channels: the server goes with them.
      await until('the VNC server to stop', () => pids().length === 0, 30_000);
    } finally {
      relay.close();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atelier-desktop-'));
    sshd = await startSshd();
    const key = generateKeyPair(dir, 'client');
    sshd.authorize(key.publicKey);
    screen = await startXDisplay();
    userScreen = await startXDisplay(userIds());
    vnc = await startVnc(screen);
    core = openTestCore(join(dir, 'data'));
    core.bus.subscribe((m) => messages.push(m));
    await call('hosts.add', { name: HOST, address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile }, osFamily: 'linux' });
    await call('knownHosts.import', { text: `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey}\n` });
    await call('desktop.setSettings', { name: HOST, settings: { port: vnc.port } });
  }, 90_000);
  afterAll(async () => {
    core?.close();
    await vnc?.kill();
    await screen?.stop();
    await userScreen?.stop();
    await disposeSshd(sshd);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses, at the core edge, a request naming any target but the host', async () => {
    for (const extra of [{ port: 22 }, { remoteHost: '10.0.0.1' }, { remotePort: 5901 }, { address: '127.0.0.1' }]) {
      const error = await rejection(call('desktop.open', { name: HOST, sessionId: `s${n++}`, ...extra }));
      expect(error.code).toBe('invalid_input');
    }
    const unknown = await rejection(call('desktop.open', { name: 'nobody', sessionId: `s${n++}` }));
    expect(unknown.code).toBe('not_found');
    expect((await rejection(call('desktop.setSettings', { name: HOST, settings: { port: 70000 } }))).code).toBe('invalid_input');
  });

  it('carries RFB bytes both ways, then closes cleanly', async () => {
    const sessionId = `s${n++}`;
    const opened = await call('desktop.open', { name: HOST, sessionId });
    expect(opened).toEqual({ status: 'open', sessionId });
    await until('the RFB greeting', () => received(sessionId).toString() === RFB_GREETING);
    await call('desktop.write', { sessionId, data: Buffer.from(RFB_GREETING) });
    // x11vnc offers its security types: one of them, 2, is VNC authentication.
    const types = await until('the security types', () => (received(sessionId).length > RFB_GREETING.length ? received(sessionId).subarray(RFB_GREETING.length) : undefined));
    expect([...types.subarray(1, 1 + (types[0] ?? 0))]).toContain(2);
    await call('desktop.close', { sessionId });
    expect((await until('the end', () => endOf(sessionId))).kind).toBe('closed');
    expect((await rejection(call('desktop.write', { sessionId, data: new Uint8Array(0) }))).code).toBe('not_found');
  }, 30_000);

  it('says so when no VNC server listens on the host', async () => {
    await call('desktop.setSettings', { name: HOST, settings: { port: await freePort() } });
    const error = await rejection(call('desktop.open', { name: HOST, sessionId: `s${n++}` }));
    expect(error.code).toBe('unavailable');
    expect(error.message).toMatch(/no VNC server answers on 127\.0\.0\.1:\d+ of the host/);
    await call('desktop.setSettings', { name: HOST, settings: { port: vnc.port } });
  }, 30_000);

  it('"Start sharing" starts x11vnc on the user\'s display with a one-time password, and closing stops it', async () => {
    expect(userScreen.vncPids()).toEqual([]);
    const sessionId = `s${n++}`;
    const opened = await call('desktop.open', { name: HOST, sessionId, share: true });
    expect(opened.status).toBe('open');
    expect(String(opened.password)).toMatch(/^[A-Za-z0-9_-]{8}$/);
    await until('the RFB greeting', () => received(sessionId).toString().startsWith('RFB 003.'));
    expect(userScreen.vncPids()).toHaveLength(1);
    // Started as the tests' servers are (whose clipboard and speed the e2e tests and the bench check).
    const [pid] = userScreen.vncPids();
    const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
    for (const [name, value] of Object.entries(X11VNC_ENV)) expect(environ).toContain(`${name}=${value}`);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(args.join(' ')).toContain(X11VNC_SPEED_OPTIONS.join(' '));
    const steps = messages.filter((m) => m.stream === 'desktop.progress' && m.payload.sessionId === sessionId).map((m) => (m.payload as { step: string }).step);
    expect(steps).toEqual(['ssh', 'server', 'vnc']);
    await call('desktop.close', { sessionId });
    await until('x11vnc to stop', () => userScreen.vncPids().length === 0);
  }, 60_000);

  it('"Start sharing" passes over a display whose X server is gone (its socket and lock file left behind)', async () => {
    const stale = staleDisplayBefore(userScreen, userIds());
    try {
      const sessionId = `s${n++}`;
      expect((await call('desktop.open', { name: HOST, sessionId, share: true })).status).toBe('open');
      await until('the RFB greeting', () => received(sessionId).toString().startsWith('RFB 003.'));
      expect(userScreen.vncPids()).toHaveLength(1);
      await call('desktop.close', { sessionId });
      await until('x11vnc to stop', () => userScreen.vncPids().length === 0);
    } finally {
      stale.remove();
    }
  }, 60_000);

  it('cancels while the screen sharing starts: the call says so and no x11vnc is left', async () => {
    const sessionId = `s${n++}`;
    const opening = call('desktop.open', { name: HOST, sessionId, share: true });
    await until('the server step', () => messages.some((m) => m.stream === 'desktop.progress' && m.payload.sessionId === sessionId && (m.payload as { step: string }).step === 'server'));
    await call('desktop.close', { sessionId });
    expect((await rejection(opening)).code).toBe('cancelled');
    await until('no x11vnc on the display', () => userScreen.vncPids().length === 0);
    // Give a late start the time to show up, then check again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(userScreen.vncPids()).toEqual([]);
  }, 60_000);

  it('tells the viewer when the VNC server dies mid-session', async () => {
    const sessionId = `s${n++}`;
    await call('desktop.open', { name: HOST, sessionId, share: true });
    await until('the RFB greeting', () => received(sessionId).length > 0);
    for (const pid of userScreen.vncPids()) process.kill(pid, 'SIGKILL');
    const end = await until('the end', () => endOf(sessionId));
    expect(end.kind).toBe('server_died');
    expect(end.message).toMatch(/VNC server closed the connection/);
  }, 60_000);

  it('stops the shared server when the SSH connection drops', async () => {
    await dropWhileSharing(sshd, 'deskdrop', () => userScreen.vncPids());
  }, 120_000);

  it('traces a session opened from a ticket: opened, control taken and given back, ended after how long, and the time as worklog', async () => {
    await call('settings.update', { technician: 'Camille' });
    const { ticket } = await typed<TicketDetail>('tickets.create', { kind: 'incident', title: 'Outlook figé', impact: 2, urgency: 2, asset: HOST });
    // An unknown ticket is refused before anything is opened on the host.
    await expect(call('desktop.open', { name: HOST, sessionId: `s${n++}`, share: true, ticket: { id: 'nope-1', lang: 'en' } })).rejects.toMatchObject({ code: 'not_found' });
    expect(userScreen.vncPids()).toEqual([]);

    const sessionId = `s${n++}`;
    await call('desktop.open', { name: HOST, sessionId, share: true, ticket: { id: ticket.id, lang: 'fr' } });
    await until('the RFB greeting', () => received(sessionId).toString() === GREETING);
    await call('desktop.control', { sessionId, control: true });
    await call('desktop.control', { sessionId, control: true }); // no change: no second trace
    await call('desktop.control', { sessionId, control: false });
    await call('desktop.close', { sessionId });
    await until('the end', () => endOf(sessionId));

    const detail = await typed<TicketDetail>('tickets.get', { id: ticket.id });
    const texts = detail.ticket.comments.map((c) => c.text);
    expect(texts).toEqual([
      `Bureau à distance ouvert sur ${HOST} (écran partagé avec x11vnc pour cette session).`,
      `Prise de contrôle du bureau de ${HOST}.`,
      `Contrôle du bureau de ${HOST} rendu (vue seule).`,
      expect.stringMatching(new RegExp(`^Bureau à distance sur ${HOST} terminé après \\d+ s \\(fermé\\)\\.$`)),
    ]);
    expect(detail.ticket.comments.every((c) => c.internal && c.actor === 'Camille')).toBe(true);
    expect(detail.ticket.worklogs).toMatchObject([{ minutes: 1, kind: 'work', note: `Bureau à distance sur ${HOST}`, actor: 'Camille' }]);
    await until('x11vnc to stop', () => userScreen.vncPids().length === 0);
  }, 90_000);

  it('asks the person at the workstation: a refusal is said and nothing is shown; an acceptance lets the screen through', async () => {
    await call('desktop.setSettings', { name: HOST, settings: { port: vnc.port, consent: true } });
    expect(await call('desktop.settings', { name: HOST })).toEqual({ port: vnc.port, consent: true, consentTimeoutS: 60 });

    const refused = `s${n++}`;
    const opened = await call('desktop.open', { name: HOST, sessionId: refused, share: true });
    expect(opened).toMatchObject({ status: 'open', consent: true });
    expect(steps(refused)).toEqual(['ssh', 'server', 'vnc', 'consent']);
    await call('desktop.write', { sessionId: refused, data: Buffer.from(GREETING) });
    await userScreen.answerPrompt('n');
    const end = await until('the refusal', () => endOf(refused));
    expect(end).toEqual({ sessionId: refused, kind: 'refused', message: `${HOST}: the user at the workstation refused the remote desktop.` });
    // Nothing past the greeting reached the viewer: no security types, no pixels.
    expect(received(refused).toString()).toBe(GREETING);
    await until('x11vnc to stop', () => userScreen.vncPids().length === 0);

    const accepted = `s${n++}`;
    await call('desktop.open', { name: HOST, sessionId: accepted, share: true });
    await until('the RFB greeting', () => received(accepted).toString() === GREETING);
    await call('desktop.write', { sessionId: accepted, data: Buffer.from(GREETING) });
    await userScreen.answerPrompt('y');
    const types = await until('the security types', () => (received(accepted).length > GREETING.length ? received(accepted).subarray(GREETING.length) : undefined));
    expect([...types.subarray(1, 1 + (types[0] ?? 0))]).toContain(2);
    expect(endOf(accepted)).toBeUndefined();
    await call('desktop.close', { sessionId: accepted });
    expect((await until('the end', () => endOf(accepted))).kind).toBe('closed');
    await until('x11vnc to stop', () => userScreen.vncPids().length === 0);
    await call('desktop.setSettings', { name: HOST, settings: { port: vnc.port, consent: false } });
  }, 120_000);
  describe('without x11vnc on the host: TigerVNC\'s x0vncserver', () => {
    let tigerSshd: Sshd;
    let noX11vnc: ReturnType<typeof pathWithoutX11vnc>;
    const TIGER = 'tigerbox';
    beforeAll(async () => {
      noX11vnc = pathWithoutX11vnc();
      tigerSshd = await startSshd({ extraConfig: [noX11vnc.sshdConfig] });
      tigerSshd.authorize(readFileSync(join(dir, 'client.pub'), 'utf8'));
      await call('hosts.add', { name: TIGER, address: tigerSshd.host, port: tigerSshd.port, user: tigerSshd.user, auth: { method: 'key', keyFile: join(dir, 'client') }, osFamily: 'linux' });
      await call('knownHosts.import', { text: `[${tigerSshd.host}]:${tigerSshd.port} ${tigerSshd.hostPublicKey}\n` });
    }, 60_000);
    afterAll(async () => {
      await disposeSshd(tigerSshd);
      noX11vnc?.dispose();
    });

    it('"Start sharing" starts it on 127.0.0.1 with the one-time password (VNC authentication succeeds), and closing stops it', async () => {
      expect(userScreen.tigerPids()).toEqual([]);
      const sessionId = `s${n++}`;
      const opened = await call('desktop.open', { name: TIGER, sessionId, share: true });
      expect(opened.status).toBe('open');
      const password = String(opened.password);
      const [pid] = await until('x0vncserver on the display', () => (userScreen.tigerPids().length === 1 ? userScreen.tigerPids() : undefined));
      expect(userScreen.vncPids()).toEqual([]);
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(args).toEqual(expect.arrayContaining(['-interface', '127.0.0.1', '-localhost', '-SecurityTypes', 'VncAuth']));
      // The password file is private to the user, and not the password in clear.
      const passFile = args[args.indexOf('-PasswordFile') + 1] as string;
      expect(statSync(passFile).mode & 0o077).toBe(0);
      expect(readFileSync(passFile).includes(Buffer.from(password))).toBe(false);
      // Listening on loopback only.
      const port = Number(args[args.indexOf('-rfbport') + 1]);
      const listens = readFileSync('/proc/net/tcp', 'utf8').split('\n').filter((l) => / 0A /.test(l) && l.includes(`:${port.toString(16).toUpperCase().padStart(4, '0')} `));
      expect(listens.map((l) => l.trim().split(/\s+/)[1]?.split(':')[0])).toEqual(['0100007F']);

      // The RFB handshake through the bridge: VNC authentication with the one-time password.
      await until('the RFB greeting', () => received(sessionId).toString().startsWith('RFB 003.'));
      await call('desktop.write', { sessionId, data: Buffer.from(RFB_GREETING) });
      const types = await until('the security types', () => (received(sessionId).length > 12 ? received(sessionId).subarray(12) : undefined));
      expect([...types.subarray(1, 1 + (types[0] ?? 0))]).toEqual([2]);
      await call('desktop.write', { sessionId, data: Buffer.from([2]) });
      const challenge = await until('the challenge', () => (received(sessionId).length >= 12 + 2 + 16 ? received(sessionId).subarray(14, 30) : undefined));
      await call('desktop.write', { sessionId, data: vncAuthResponse(password, challenge) });
      const result = await until('the security result', () => (received(sessionId).length >= 34 ? received(sessionId).subarray(30, 34) : undefined));
      expect(result.readUInt32BE(0)).toBe(0);

      await call('desktop.close', { sessionId });
      expect((await until('the end', () => endOf(sessionId))).kind).toBe('closed');
      await until('x0vncserver to stop', () => userScreen.tigerPids().length === 0);
      await until('the password file to be removed', () => !existsSync(passFile));
    }, 90_000);

    it('stops it when the SSH connection drops', async () => {
      await dropWhileSharing(tigerSshd, 'tigerdrop', () => userScreen.tigerPids());
    }, 120_000);

    /** The RFB handshake up to VNC authentication with the one-time password: TigerVNC asks the user after it. */
    async function authenticate(sessionId: string, password: string): Promise<void> {
      await until('the RFB greeting', () => received(sessionId).toString().startsWith('RFB 003.'));
      await call('desktop.write', { sessionId, data: Buffer.from(RFB_GREETING) });
      await until('the security types', () => received(sessionId).length > 13);
      await call('desktop.write', { sessionId, data: Buffer.from([2]) });
      const challenge = await until('the challenge', () => (received(sessionId).length >= 12 + 2 + 16 ? received(sessionId).subarray(14, 30) : undefined));
      await call('desktop.write', { sessionId, data: vncAuthResponse(password, challenge) });
    }

    it('asks the user with TigerVNC\'s own dialog when the host asks for consent: a refusal ends the session, an acceptance shows the screen', async () => {
      await call('desktop.setSettings', { name: TIGER, settings: { port: 5900, consent: true, consentTimeoutS: 120 } });
      const refused = `s${n++}`;
      const first = await call('desktop.open', { name: TIGER, sessionId: refused, share: true });
      expect(first).toMatchObject({ status: 'open', consent: true });
      expect(steps(refused)).toEqual(['ssh', 'server', 'vnc', 'consent']);
      const [pid] = await until('x0vncserver on the display', () => (userScreen.tigerPids().length === 1 ? userScreen.tigerPids() : undefined));
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(args).toEqual(expect.arrayContaining(['-QueryConnect', '-QueryConnectTimeout', '120']));
      await authenticate(refused, String(first.password));
      // Nothing is shown while the user has not answered: no security result yet.
      await userScreen.answerTigerPrompt('reject');
      const end = await until('the refusal', () => endOf(refused));
      expect(end).toEqual({ sessionId: refused, kind: 'refused', message: `${TIGER}: the user at the workstation refused the remote desktop.` });
      expect(received(refused).length, 'no security result OK, no screen').toBeLessThan(34 + 4 + 40);
      expect(received(refused).subarray(30, 34).readUInt32BE(0)).not.toBe(0);
      await until('x0vncserver to stop', () => userScreen.tigerPids().length === 0);

      const accepted = `s${n++}`;
      const second = await call('desktop.open', { name: TIGER, sessionId: accepted, share: true });
      await authenticate(accepted, String(second.password));
      await userScreen.answerTigerPrompt('accept');
      const result = await until('the security result', () => (received(accepted).length >= 34 ? received(accepted).subarray(30, 34) : undefined));
      expect(result.readUInt32BE(0)).toBe(0);
      // ClientInit (shared): the server describes its screen, the display's size.
      await call('desktop.write', { sessionId: accepted, data: Buffer.from([1]) });
      const init = await until('the server init', () => (received(accepted).length >= 34 + 4 ? received(accepted).subarray(34, 38) : undefined));
      expect([init.readUInt16BE(0), init.readUInt16BE(2)]).toEqual([SCREEN.width, SCREEN.height]);
      expect(endOf(accepted)).toBeUndefined();
      await call('desktop.close', { sessionId: accepted });
      expect((await until('the end', () => endOf(accepted))).kind).toBe('closed');
      await until('x0vncserver to stop', () => userScreen.tigerPids().length === 0);
      await call('desktop.setSettings', { name: TIGER, settings: { port: 5900, consent: false } });
    }, 150_000);
  });

  it('offers the new key, and opens nothing, when the host key changed', async () => {
    await sshd.rotateHostKey();
    const opened = await call('desktop.open', { name: HOST, sessionId: `s${n++}` });
    expect(opened.status).toBe('hostKey');
    expect((opened.offer as { previousFingerprints?: string[] }).previousFingerprints).toHaveLength(1);
  }, 30_000);
});
