import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import type { CallInput, CallName, CallOutput, ChecklistRun, TicketDetail } from '../../../shared/contract';
import { AtelierError } from '../../../shared/contract/errors';
import { openTestCore } from '../../setup/core';
import { jobEnd } from './job-end';

let dir: string;
let core: Core;

const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;

async function newTicket(extra: Partial<CallInput<'tickets.create'>> = {}): Promise<TicketDetail> {
  return call('tickets.create', { kind: 'incident', title: 'PC très lent', impact: 2, urgency: 2, category: 'hardware/performance', ...extra });
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'atelier-wizard-'));
  core = openTestCore(dir);
});

afterEach(() => {
  core.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('checklist wizard on a ticket', () => {
  it('installs the built-in library once, lists it with version and origin, and suggests by category', async () => {
    const list = await call('checklists.list', {});
    expect(list.length).toBeGreaterThanOrEqual(11);
    const slow = list.find((c) => c.id === 'slow-computer');
    expect(slow).toMatchObject({ origin: 'builtin', version: 1, title: { en: 'Computer is slow' } });
    core.close();
    core = openTestCore(dir);
    expect((await call('checklists.list', {})).length).toBe(list.length);

    const { ticket } = await newTicket();
    const { suggestions } = await call('checklists.suggest', { ticketId: ticket.id });
    expect(suggestions[0]).toMatchObject({ match: 'category', checklist: { id: 'slow-computer' } });
    expect(suggestions.filter((s) => s.match === 'category').map((s) => s.checklist.id)).not.toContain('printer');
  });

  it('records every step as a ticket event and resumes after the store is reopened', async () => {
    const { ticket } = await newTicket();
    const run = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    expect(run.currentStepId).toBe('ask-since-when');
    let state: ChecklistRun = await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'answer', answer: 0 } });
    expect(state.currentStepId).toBe('check-reboot');
    state = await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'skip', reason: 'updates installed just now', via: 'fail' } });
    expect(state.currentStepId).toBe('reboot-now');

    // Restart: a new core over the same data folder replays the run from the ticket's events.
    core.close();
    core = openTestCore(dir);
    const runs = await call('checklists.runs', { ticketId: ticket.id });
    expect(runs).toEqual([expect.objectContaining({ runId: run.runId, checklistId: 'slow-computer', steps: 2, finished: false, applied: false })]);
    state = await call('checklists.run', { ticketId: ticket.id, runId: run.runId });
    expect(state.currentStepId).toBe('reboot-now');
    expect(state.path.map((v) => v.stepId)).toEqual(['ask-since-when', 'check-reboot']);

    state = await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'instruction', outcome: 'done' } });
    state = await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'answer', answer: 1 } });
    expect(state.currentStepId).toBe('check-disk');
    state = await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'back' } });
    expect(state.currentStepId).toBe('ask-still-slow');
    state = await call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'answer', answer: 0 } });
    expect(state).toMatchObject({ currentStepId: 'fixed-by-reboot', finished: true, applied: false });

    const detail = await call('tickets.get', { id: ticket.id });
    const steps = detail.ticket.checklist.filter((r) => r.runId === run.runId);
    expect(steps.map((r) => r.mark?.kind)).toEqual(['start', 'answer', 'skipped', 'instruction', 'answer', 'back', 'answer']);
    expect(steps[2]).toMatchObject({ outcome: 'skipped', note: 'updates installed just now' });
    expect(steps[1]?.label?.en).toBe('Since an update');
    expect(detail.timeline.filter((e) => e.type === 'checklist_step_recorded')).toHaveLength(7);
  });

  it('refuses an action that does not fit the current step and leaves the run unchanged', async () => {
    const { ticket } = await newTicket();
    const run = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    await expect(call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'instruction', outcome: 'done' } })).rejects.toThrow(/question/);
    await expect(call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'answer', answer: 9 } })).rejects.toThrow(/no answer 9/);
    await expect(call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'back' } })).rejects.toThrow(/Nothing to go back/);
    await expect(call('checklists.record', { ticketId: ticket.id, runId: run.runId, action: { kind: 'skip', reason: '  ' } })).rejects.toBeInstanceOf(AtelierError);
    expect((await call('checklists.run', { ticketId: ticket.id, runId: run.runId })).path).toHaveLength(0);
  });

  it('applies a resolving conclusion in one action: category and resolution with the diagnosis as root cause', async () => {
    const { ticket } = await newTicket({ category: 'hardware' });
    const { runId } = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    const r = (action: CallInput<'checklists.record'>['action']) => call('checklists.record', { ticketId: ticket.id, runId, action });
    await r({ kind: 'answer', answer: 0 });
    await r({ kind: 'skip', reason: 'reboot pending', via: 'fail' });
    await r({ kind: 'instruction', outcome: 'done' });
    await r({ kind: 'answer', answer: 0 });
    const after = await call('checklists.apply', { ticketId: ticket.id, runId, lang: 'fr' });
    expect(after.ticket).toMatchObject({ status: 'resolved', category: 'software/os', resolution: { rootCause: 'Des mises à jour attendaient un redémarrage.' } });
    expect(after.timeline.map((e) => e.type).slice(-3)).toEqual(['field_changed', 'resolved', 'checklist_step_recorded']);
    expect((await call('checklists.run', { ticketId: ticket.id, runId })).applied).toBe(true);
    await expect(call('checklists.apply', { ticketId: ticket.id, runId, lang: 'fr' })).rejects.toThrow(/already applied/);
  });

  it('applies an escalating conclusion with its reason, and runs a local probe as a job', async () => {
    const { ticket } = await newTicket();
    const { runId } = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    await call('checklists.record', { ticketId: ticket.id, runId, action: { kind: 'answer', answer: 1 } });
    const { jobId } = await call('checklists.runProbe', { ticketId: ticket.id, runId });
    expect((await jobEnd(core, jobId)).state).toBe('done');
    const state = await call('checklists.run', { ticketId: ticket.id, runId });
    const probe = state.path.at(-1)!;
    expect(probe.record).toMatchObject({ kind: 'probe', stepId: 'check-disk', target: 'local', reading: { available: true, mount: '/' } });
    expect(['check-memory', 'clean-disk']).toContain(state.currentStepId);

    // Walk the rest by skipping every probe to a known end: no-cause-found escalates to N2.
    let current = state;
    for (let i = 0; i < 10 && !current.finished; i++) {
      const step = current.document.steps.find((s) => s.id === current.currentStepId)!;
      const via = step.kind === 'probe' ? 'pass' : step.kind === 'instruction' ? 'done' : 0;
      current = await call('checklists.record', { ticketId: ticket.id, runId, action: { kind: 'skip', reason: 'checked by hand', via } });
    }
    expect(current.currentStepId).toBe('no-cause-found');
    const after = await call('checklists.apply', { ticketId: ticket.id, runId, lang: 'en', note: 'Slow only in the CRM.' });
    expect(after.ticket).toMatchObject({ level: 'N2', status: 'new' });
    const escalated = after.timeline.find((e) => e.type === 'escalated')!.payload as { reason: string };
    expect(escalated.reason).toContain('Cause not found by level-1 checks.');
    expect(escalated.reason).toContain('Slow only in the CRM.');
    expect(after.ticket.comments.at(-1)?.text).toContain('No obvious hardware or system cause.');
  });

  it('a new version of a checklist does not change a recorded run', async () => {
    const { ticket } = await newTicket();
    const { runId } = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    await call('checklists.record', { ticketId: ticket.id, runId, action: { kind: 'answer', answer: 0 } });
    const v1 = await call('checklists.get', { id: 'slow-computer' });
    // Version 2 swaps the first two branches: "since an update" now goes to the disk check.
    const [first, ...rest] = v1.steps;
    if (first?.kind !== 'question') throw new Error('slow-computer starts with a question');
    const answers = [{ ...first.answers[0]!, next: first.answers[1]!.next }, { ...first.answers[1]!, next: first.answers[0]!.next }, ...first.answers.slice(2)];
    const v2 = { ...v1, version: 2, steps: [{ ...first, answers }, ...rest] };
    await call('settings.update', { level: 'N2' });
    const imported = await call('checklists.import', { yaml: JSON.stringify(v2), source: 'slow-v2.yaml' });
    expect(imported).toMatchObject({ ok: true, version: 2, status: 'drafted' });
    await call('checklists.publish', { draftId: imported.draftId! });
    const state = await call('checklists.run', { ticketId: ticket.id, runId });
    expect(state).toMatchObject({ version: 1, currentStepId: 'check-reboot' });
    const fresh = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'slow-computer' });
    expect(fresh.version).toBe(2);
    const moved = await call('checklists.record', { ticketId: ticket.id, runId: fresh.runId, action: { kind: 'answer', answer: 0 } });
    expect(moved.currentStepId).toBe('check-disk');
    expect((await call('checklists.list', {})).find((c) => c.id === 'slow-computer')?.versions).toEqual([2, 1]);
  });

  it('returns validation problems of an imported file as file:step:field lines', async () => {
    const yaml = 'id: broken\nversion: 1\ntitle: { fr: "Cassé", en: "Broken" }\nstart: a\nsteps:\n  - id: a\n    kind: question\n    text: { fr: "Q", en: "Q" }\n    answers:\n      - { label: { fr: "x", en: "x" }, next: nowhere }\n      - { label: { fr: "y", en: "y" }, next: a }\n';
    await call('settings.update', { level: 'N2' });
    const out = await call('checklists.import', { yaml, source: 'broken.yaml' });
    expect(out.ok).toBe(false);
    expect(out.problems).toContain('broken.yaml:a:answers[0].next: "nowhere" is not a step of this checklist');
    expect((await call('checklists.list', {})).some((c) => c.id === 'broken')).toBe(false);
    expect(await call('checklists.drafts', {})).toEqual([]);
  });
});
