import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditPump, type SshConnection } from '../../../electron/core/ssh';
import { SHELL_CHANNEL_WINDOW_BYTES } from '../../../electron/core/ssh/shell';
import { createHarness, readUntil, type Harness } from './harness';

describe('terminal sessions (PTY) against a real sshd', () => {
  let h: Harness;
  let connection: SshConnection;
  beforeAll(async () => {
    h = await createHarness();
    h.addHost('box');
    h.trustFixture();
    connection = await h.service.connect('box');
  });
  afterAll(async () => {
    await connection?.close();
    await h?.dispose();
  });

  it('runs a shell in a PTY and follows resizes (stty size)', async () => {
    const session = await connection.openShell({ cols: 100, rows: 30 });
    session.write('stty size; echo MARK$((1+1))\n');
    expect(await readUntil(session.output, (t) => t.includes('MARK2'))).toMatch(/30 100\r?\n/);
    session.resize(132, 43);
    session.write('stty size; echo MARK$((2+2))\n');
    expect(await readUntil(session.output, (t) => t.includes('MARK4'))).toMatch(/43 132\r?\n/);
    session.write('exit 3\n');
    expect(await session.exited).toEqual({ exitCode: 3 });
  });

  it(
    'keeps memory bounded while a remote cat of 200 MB floods a slow consumer',
    async () => {
      const total = 200 * 1024 * 1024;
      const session = await connection.openShell({ cols: 80, rows: 24 });
      // Turn off echo so the byte count is exactly what the command prints; the marker is built remotely
      // so the echoed command line never contains it.
      session.write(`stty -echo; head -c ${total} /dev/zero; printf 'END%s\\n' -OF-FLOOD; exit\n`);
      let received = 0;
      let tail = '';
      let peakRss = 0;
      const baseRss = process.memoryUsage().rss;
      const window = 1024 * 1024;
      // The "renderer": acknowledges what it drew only every few milliseconds.
      const pump = new CreditPump(session.output, (chunk) => {
        received += chunk.length;
        tail = (tail + chunk.subarray(-32).toString('latin1')).slice(-64);
      }, window);
      const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

      // Phase 1: the consumer stalls for a second. The remote must be blocked, not buffered in the core.
      await new Promise((r) => setTimeout(r, 1000));
      const stalled = pump.stats();
      expect(stalled.paused).toBe(true);
      expect(stalled.inFlight).toBeLessThan(2 * window);
      expect(received).toBeLessThan(8 * 1024 * 1024);

      // Phase 2: a slow but steady consumer drains everything.
      // Bounded, with room for a machine at a load of 30 (CI17 needed more than 40 s there).
      const deadline = Date.now() + 150_000;
      while (!tail.includes('END-OF-FLOOD') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1));
        pump.ack(pump.stats().inFlight);
      }
      clearInterval(sample);
      pump.stop();
      expect(tail).toContain('END-OF-FLOOD');
      expect(received).toBeGreaterThanOrEqual(total);
      // Documented bound: the core holds at most the credit window plus the shell's SSH window plus stream
      // buffers; 64 MiB of RSS growth leaves room for GC slack but would fail if the 200 MB were queued.
      console.info(`flood: ${(received / 1048576).toFixed(0)} MiB through the PTY, peak RSS growth ${((peakRss - baseRss) / 1048576).toFixed(1)} MiB`);
      expect(peakRss - baseRss).toBeLessThan(64 * 1024 * 1024);
      await session.exited;
    },
    180_000,
  );

  it(
    'grants a flooding server at most the shell window while the output is not consumed, and resumes after',
    async () => {
      const session = await connection.openShell({ cols: 80, rows: 24 });
      session.write('stty -echo; yes\n');
      const MiB = 1024 * 1024;
      let received = 0;
      let maxRemote = 0;
      const onData = (chunk: Buffer) => {
        received += chunk.length;
        // ssh2 granted 2 MiB when the channel opened; past 3 MiB that is spent and the bound holds.
        if (received > 3 * MiB) maxRemote = Math.max(maxRemote, session.backlog().remoteWindow);
      };
      const readTo = async (bytes: number) => {
        const deadline = Date.now() + 30_000;
        while (received < bytes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(received).toBeGreaterThanOrEqual(bytes);
      };
      session.output.on('data', onData);
      await readTo(4 * MiB);
      // The page stops acking: nothing consumes the output any more.
      session.output.pause();
      const pending = () => {
        const { remoteWindow, unread } = session.backlog();
        return unread + Math.max(0, remoteWindow);
      };
      // Wait until what the server sent has all arrived (what is pending stops changing).
      let last = -1;
      let still = 0;
      for (let i = 0; i < 100 && still < 5; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const now = session.backlog().unread;
        still = now === last ? still + 1 : 0;
        last = now;
      }
      const backlog = session.backlog();
      expect(Number.isFinite(backlog.remoteWindow), 'the session grants the SSH window itself (ssh2 internals changed?)').toBe(true);
      expect(maxRemote).toBeLessThanOrEqual(SHELL_CHANNEL_WINDOW_BYTES);
      // ssh2 alone lets the server send up to 2 MiB more into a paused channel; bound plus the output's buffers.
      expect(pending()).toBeLessThan(SHELL_CHANNEL_WINDOW_BYTES + 256 * 1024);
      expect(backlog.unread).toBeGreaterThan(0);

      // Consumed again, the flood goes on: the grants resume with the reads.
      session.output.resume();
      await readTo(received + 4 * MiB);
      expect(maxRemote).toBeLessThanOrEqual(SHELL_CHANNEL_WINDOW_BYTES);
      session.write('\x03');
      session.write('exit\n');
      expect(await session.exited).toMatchObject({ exitCode: expect.any(Number) });
      session.output.off('data', onData);
    },
    60_000,
  );
});
