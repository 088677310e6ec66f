import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeDeclarations, readingSchema } from '../../../shared/checklists';
import { AtelierError } from '../../../shared/contract/errors';
import { runLocalCommand, runProbe, runProbeStep, type ProbeTarget } from '../../../electron/core/probes';

/** Stands in for the SSH layer's `run`: the same scripts, run by sh on this (Linux) machine. */
const shellAsRemote: ProbeTarget = {
  target: 'remote',
  label: 'localhost-sh',
  run: (command, options) => runLocalCommand(command, { signal: options?.signal ?? new AbortController().signal, timeoutMs: options?.timeoutMs ?? 20_000 }),
};

let server: Server;
let baseUrl: string;
let dir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/204') res.writeHead(204).end();
    else if (req.url === '/slow') setTimeout(() => res.end('late'), 5000);
    else res.writeHead(404).end('no');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = mkdtempSync(join(tmpdir(), 'atelier-probes-'));
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** Arguments that make every probe runnable here (network probes stay on loopback). */
function argsFor(name: string): Record<string, unknown> {
  switch (name) {
    case 'net.ping':
      return { host: '127.0.0.1', method: 'tcp', port: (server.address() as AddressInfo).port, count: 2 };
    case 'net.dns':
      return { name: 'localhost' };
    case 'net.http':
      return { url: `${baseUrl}/204`, expect_status: 204 };
    case 'service.status':
      return { name: 'cron.service' };
    case 'log.grep':
      return { pattern: 'kernel' };
    case 'cpu.load':
      return { sample_ms: 200 };
    default:
      return {};
  }
}

const names = [...probeDeclarations.keys()];
const targets: [string, ProbeTarget][] = [
  ['local', { target: 'local' }],
  ['remote (shell)', shellAsRemote],
];

describe.each(targets)('every probe on this machine, %s', (_label, target) => {
  it.each(names)('%s gives a reading of the declared shape', async (name) => {
    const run = await runProbe(name, argsFor(name), target);
    const declaration = probeDeclarations.get(name)!;
    expect(readingSchema(declaration.reading).safeParse(run.reading).success).toBe(true);
    if (!run.reading.available) {
      expect(run.reading.reason).not.toMatch(/^internal:/);
      expect(run.reading.reason.length).toBeGreaterThan(5);
      // A code, so a reader in another language gets the reason in theirs (the reason is stored in the ticket).
      expect(run.reading.code, run.reading.reason).toBeDefined();
    } else {
      expect(Object.keys(run.reading).sort()).toEqual(['available', ...Object.keys(declaration.reading)].sort());
    }
    expect(run.target).toBe(target.target);
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
    expect(typeof run.raw).toBe('string');
  });
});

describe('probe facts on this machine', () => {
  it('local and remote disk.free agree on the root file system', async () => {
    const local = await runProbe('disk.free', { mount: '/' });
    const remote = await runProbe('disk.free', { mount: '/' }, shellAsRemote);
    expect(local.reading.available && remote.reading.available).toBe(true);
    if (local.reading.available && remote.reading.available) {
      expect(Math.abs((local.reading.size_bytes as number) - (remote.reading.size_bytes as number)) / (local.reading.size_bytes as number)).toBeLessThan(0.01);
    }
    expect(remote.raw).toContain('df -P -k');
  });

  it('says "not available" when a tool is missing instead of guessing', async () => {
    // A PATH with no smartctl and no lpstat: both must report why, never a health verdict.
    const bare: ProbeTarget = {
      target: 'remote',
      run: (command, options) => runLocalCommand(`PATH=/nonexistent; ${command}`, { signal: options?.signal ?? new AbortController().signal, timeoutMs: 10_000 }),
    };
    const smart = await runProbe('disk.smart', {}, bare);
    expect(smart.reading).toEqual({ available: false, reason: 'smartctl is not installed (package smartmontools)', code: 'tool_missing', params: { tool: 'smartctl', package: 'smartmontools' } });
    const printers = await runProbe('printer.queue', {}, bare);
    expect(printers.reading.available).toBe(false);
  });

  it('net.http reads a loopback server, locally and through the remote path', async () => {
    for (const target of [{ target: 'local' } as const, shellAsRemote]) {
      const ok = await runProbe('net.http', { url: `${baseUrl}/204`, expect_status: 204 }, target);
      expect(ok.reading).toMatchObject({ available: true, ok: true, status: 204 });
      const missing = await runProbe('net.http', { url: `${baseUrl}/nope` }, target);
      expect(missing.reading).toMatchObject({ available: true, ok: false, status: 404 });
    }
  });

  it('net.ping over tcp: a listening loopback port answers, a closed one still proves the host is up', async () => {
    const run = await runProbe('net.ping', { host: '127.0.0.1', method: 'tcp', port: (server.address() as AddressInfo).port, count: 2 });
    expect(run.reading).toMatchObject({ available: true, reachable: true, sent: 2, received: 2, loss_percent: 0 });
  });

  it('log.grep counts matches in a bounded tail of a file', async () => {
    const file = join(dir, 'app.log');
    const lines = Array.from({ length: 3000 }, (_, i) => (i % 100 === 0 ? `line ${i} ERROR disk full` : `line ${i} ok`));
    writeFileSync(file, lines.join('\n') + '\n');
    for (const target of [{ target: 'local' } as const, shellAsRemote]) {
      const all = await runProbe('log.grep', { source: file, pattern: 'error', max_lines: 5000 }, target);
      expect(all.reading).toMatchObject({ available: true, matches: 30, lines_scanned: 3000, truncated: false });
      const bounded = await runProbe('log.grep', { source: file, pattern: 'error', ignore_case: false, max_lines: 1000 }, target);
      expect(bounded.reading).toMatchObject({ available: true, matches: 0, truncated: true });
    }
    const missing = await runProbe('log.grep', { source: join(dir, 'absent.log'), pattern: 'x' });
    expect(missing.reading.available).toBe(false);
  });

  it('times out with a reading that says so', async () => {
    const run = await runProbe('net.http', { url: `${baseUrl}/slow` }, { target: 'local' }, { timeoutMs: 300 });
    expect(run.reading).toEqual({ available: false, reason: 'timed out after 0.3 s', code: 'timed_out', params: { seconds: 0.3 } });
    expect(run.durationMs).toBeLessThan(2000);
  });

  it('a remote run that hangs is cut by the time limit too', async () => {
    const hanging: ProbeTarget = { target: 'remote', run: () => new Promise(() => undefined) };
    const run = await runProbe('os.uptime', {}, hanging, { timeoutMs: 200 });
    expect(run.reading).toEqual({ available: false, reason: 'timed out after 0.2 s', code: 'timed_out', params: { seconds: 0.2 } });
  });

  it('is cancelled through its signal', async () => {
    const controller = new AbortController();
    const pending = runProbe('cpu.load', { sample_ms: 3000 }, { target: 'local' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AtelierError);
    expect((error as AtelierError).code).toBe('cancelled');
  });

  it('refuses unknown probes and bad arguments before running anything', async () => {
    await expect(runProbe('disk.magic', {})).rejects.toMatchObject({ code: 'not_found' });
    await expect(runProbe('service.status', { name: "cups'; reboot" })).rejects.toMatchObject({ code: 'invalid_input', path: 'args.name' });
    await expect(runProbe('net.http', { url: 'file:///etc/passwd' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('runProbeStep turns a reading into the record a run appends', async () => {
    const { record } = await runProbeStep({
      id: 'check-disk',
      kind: 'probe',
      probe: 'disk.free',
      args: { mount: '/' },
      rules: [{ when: { field: 'free_percent', op: '<=', value: 100 }, result: 'warn' }],
      next: { pass: 'a', warn: 'b', fail: 'c' },
    });
    expect(record).toMatchObject({ kind: 'probe', stepId: 'check-disk', result: 'warn', target: 'local' });
  });
});
