import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { probeDeclaration, readingSchema } from '../../../shared/checklists';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';
import { disposeSshd, generateKeyPair, startSshd, type Sshd } from '../../setup/sshd';
import { jobEnd } from './job-end';

let dir: string;
let core: Core;
let sshd: Sshd;
const HOST = 'poste-compta';

const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-remote-wizard-'));
  sshd = await startSshd();
  const key = generateKeyPair(dir, 'client');
  sshd.authorize(key.publicKey);
  core = openTestCore(dir);
  await call('hosts.add', { name: HOST, address: sshd.host, port: sshd.port, user: sshd.user, auth: { method: 'key', keyFile: key.privateKeyFile, hasPassphrase: false }, osFamily: 'linux' });
  await call('knownHosts.import', { text: `[${sshd.host}]:${sshd.port} ${sshd.hostPublicKey.trim()}\n` });
}, 60_000);

afterAll(async () => {
  core?.close();
  await disposeSshd(sshd);
  rmSync(dir, { recursive: true, force: true });
});

describe('probes of a checklist run on the ticket host over SSH', () => {
  it('runs the probe step on the host in the host book and records the reading with its target', async () => {
    const { ticket } = await call('tickets.create', { kind: 'incident', title: 'Lent', impact: 2, urgency: 2, category: 'hardware/performance', asset: HOST });
    const { suggestions, os } = await call('checklists.suggest', { ticketId: ticket.id });
    expect(os).toBe('linux');
    expect(suggestions[0]?.checklist.id).toBe('slow-computer');
    const run = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    expect(run.probeTarget).toEqual({ target: 'remote', host: HOST });
    await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'answer', answer: 1 } });
    const { jobId } = await call('checklists.runProbe', { ticketId: ticket.id, runId: run.runId });
    const end = await jobEnd(core, jobId);
    expect(end.state, end.error).toBe('done');
    const state = await call('checklists.run', { ticketId: ticket.id, runId: run.runId });
    const record = state.path.at(-1)?.record;
    expect(record).toMatchObject({ kind: 'probe', stepId: 'check-disk', target: HOST, reading: { available: true, mount: '/' } });
    if (record?.kind !== 'probe') throw new Error('expected a probe record');
    expect(readingSchema(probeDeclaration('disk.free')!.reading).safeParse(record.reading).success).toBe(true);
    expect(record.raw).toContain('--- exit 0');
    const event = (await call('tickets.get', { id: ticket.id })).ticket.checklist.at(-1);
    expect(event?.reading).toMatch(/free_percent=\d/);
  }, 60_000);

  it('gives readings of the declared shape, and available:false where the tool is missing', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['disk.free', { mount: '/' }],
      ['memory.pressure', {}],
      ['os.uptime', {}],
      ['cpu.load', { sample_ms: 200 }],
      ['disk.smart', {}],
      ['printer.queue', {}],
    ];
    const hostId = (await call('hosts.get', { name: HOST })).id;
    for (const [name, args] of cases) {
      const run = await call('probes.run', { name, args, target: { target: 'remote', hostId } });
      expect(run.target).toBe('remote');
      const parsed = readingSchema(probeDeclaration(name)!.reading).safeParse(run.reading);
      expect(parsed.success, `${name}: ${JSON.stringify(run.reading)}`).toBe(true);
      if (name === 'disk.smart') {
        expect(run.reading).toEqual({ available: false, code: 'tool_missing', params: { tool: 'smartctl', package: 'smartmontools' }, reason: expect.stringMatching(/smartctl/) });
      }
      if (name === 'printer.queue') expect(run.reading).toMatchObject({ available: false });
      if (name === 'disk.free' || name === 'os.uptime') expect(run.reading.available).toBe(true);
    }
  }, 90_000);
});
