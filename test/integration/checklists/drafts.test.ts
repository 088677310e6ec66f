import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { DraftStore } from '../../../electron/core/checklists/drafts';
import { ChecklistStore } from '../../../electron/core/checklists/store';
import type { CallInput, CallName, CallOutput } from '../../../shared/contract';
import { openTestCore } from '../../setup/core';

let dirs: string[] = [];
let cores: Core[] = [];

function open(): { core: Core; call: <N extends CallName>(name: N, input: CallInput<N>) => Promise<CallOutput<N>>; drafts: DraftStore } {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-drafts-'));
  const core = openTestCore(dir);
  dirs.push(dir);
  cores.push(core);
  const call = <N extends CallName>(name: N, input: CallInput<N>) => core.dispatch(name, input) as Promise<CallOutput<N>>;
  return { core, call, drafts: new DraftStore(core.db, new ChecklistStore(core.db), core.tickets.store.clock, () => 'other') };
}

beforeEach(() => {
  dirs = [];
  cores = [];
});
afterEach(() => {
  cores.forEach((c) => c.close());
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

const errorOf = async (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as { code: string; message: string; path?: string });

describe('checklist drafts and publication', () => {
  it('keeps drafts from N1, keeps the published version in use until the next one is published, and refuses an invalid publication naming step and field', async () => {
    const { call } = open();
    await call('checklists.list', {});
    // N1 (the default level) never meets a draft and cannot write one.
    expect(await call('checklists.drafts', {})).toEqual([]);
    expect(await errorOf(call('checklists.newDraft', { from: 'battery' }))).toMatchObject({ code: 'forbidden', path: 'level' });

    await call('settings.update', { level: 'N2', technician: 'Sarah' });
    const draft = await call('checklists.newDraft', { from: 'battery' });
    expect(draft).toMatchObject({ checklistId: 'battery', version: 2, status: 'draft', author: 'Sarah' });
    expect(draft.yaml).toMatch(/^version: 2$/m);
    // Editing again reuses the open draft instead of starting a second one.
    expect((await call('checklists.newDraft', { from: 'battery' })).id).toBe(draft.id);

    const broken = draft.yaml.replace('next: { done: charger-faulty,', 'next: { done: charger-faulted,');
    await call('checklists.saveDraft', { draftId: draft.id, yaml: broken });
    expect((await call('checklists.drafts', {})).map((d) => [d.checklistId, d.version, d.title?.en, d.unsynced])).toEqual([['battery', 2, 'Battery drains fast or will not charge', true]]);
    const refused = await errorOf(call('checklists.publish', { draftId: draft.id }));
    expect(refused).toMatchObject({ code: 'invalid_input', path: 'swap-charger.next.done' });
    const checked = await call('checklists.validate', { yaml: broken, file: 'battery.yaml' });
    expect(checked.problems[0]).toMatchObject({ stepId: 'swap-charger', field: 'next.done', line: broken.split('\n').findIndex((l) => l.includes('charger-faulted')) + 1 });

    // What N1 runs meanwhile: version 1, the only one in the library.
    const { ticket } = await call('tickets.create', { kind: 'incident', title: 'Batterie', impact: 2, urgency: 2 });
    const before = await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'battery' });
    expect(before.version).toBe(1);
    expect((await call('checklists.list', {})).find((c) => c.id === 'battery')).toMatchObject({ version: 1, versions: [1] });
    expect(await errorOf(call('checklists.get', { id: 'battery', version: 2 }))).toMatchObject({ code: 'not_found' });

    const published = await call('checklists.publish', { draftId: draft.id, yaml: draft.yaml.replace('Battery drains fast', 'Battery drains quickly') });
    expect(published).toMatchObject({ status: 'published', published: { by: 'Sarah', version: 2 } });
    expect(await call('checklists.drafts', {})).toEqual([]);
    expect((await call('checklists.list', {})).find((c) => c.id === 'battery')).toMatchObject({ version: 2, versions: [2, 1], origin: 'editor', title: { en: 'Battery drains quickly or will not charge' } });
    expect(await errorOf(call('checklists.saveDraft', { draftId: draft.id, yaml: 'x' }))).toMatchObject({ code: 'conflict' });
    // A run started on version 1 keeps replaying version 1; a new run takes version 2.
    expect((await call('checklists.run', { ticketId: ticket.id, runId: before.runId })).version).toBe(1);
    expect((await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'battery' })).version).toBe(2);

    // The next draft starts at 3; an author who forgets to raise the version is told how.
    const next = await call('checklists.newDraft', { from: 'battery' });
    expect(next.version).toBe(3);
    expect(await errorOf(call('checklists.publish', { draftId: next.id, yaml: next.yaml.replace(/^version: 3$/m, 'version: 2') }))).toMatchObject({ code: 'conflict', path: 'version' });
    // Back to N1: the library shows version 2 and no draft.
    await call('settings.update', { level: 'N1' });
    expect(await call('checklists.drafts', {})).toEqual([]);
    expect((await call('checklists.list', {})).find((c) => c.id === 'battery')?.version).toBe(2);
  });

  it('starts a new checklist from a template that validates, under an id nobody uses', async () => {
    const { call } = open();
    await call('settings.update', { level: 'N3' });
    const a = await call('checklists.newDraft', {});
    const b = await call('checklists.newDraft', {});
    expect([a.checklistId, b.checklistId]).toEqual(['new-checklist', 'new-checklist-2']);
    expect(await call('checklists.validate', { yaml: a.yaml, file: 'new.yaml' })).toMatchObject({ ok: true, problems: [], document: { id: 'new-checklist', version: 1 } });
    await call('checklists.discardDraft', { draftId: b.id });
    expect((await call('checklists.drafts', {})).map((d) => d.id)).toEqual([a.id]);
  });

  it('folds drafts and publications from another device the same way, and never lets a second text take a published version', async () => {
    const laptop = open();
    const desk = open();
    await laptop.call('checklists.list', {});
    await desk.call('checklists.list', {});
    await laptop.call('settings.update', { level: 'N2', technician: 'Sarah' });
    await desk.call('settings.update', { level: 'N2', technician: 'Karim' });

    const draft = await laptop.call('checklists.newDraft', { from: 'printer-not-printing' });
    await laptop.call('checklists.saveDraft', { draftId: draft.id, yaml: `# reviewed\n${draft.yaml}` });
    // The draft travels: Karim sees it, N1 on his desk does not, and nothing reaches his library.
    const events = laptop.drafts.events(draft.id);
    expect(desk.drafts.applyExternal([...events].reverse())).toBe(1);
    expect(desk.drafts.applyExternal(events)).toBe(0);
    expect((await desk.call('checklists.draft', { draftId: draft.id })).yaml).toBe(`# reviewed\n${draft.yaml}`);
    expect((await desk.call('checklists.list', {})).find((c) => c.id === 'printer-not-printing')?.version).toBe(1);

    // Karim edits it on his desk, Sarah publishes her text on the laptop; both reach the other device.
    await desk.call('checklists.saveDraft', { draftId: draft.id, yaml: `# Karim\n${draft.yaml}` });
    await laptop.call('checklists.publish', { draftId: draft.id });
    desk.drafts.applyExternal(laptop.drafts.events(draft.id));
    laptop.drafts.applyExternal(desk.drafts.events(draft.id));
    for (const device of [laptop, desk]) {
      const folded = await device.call('checklists.draft', { draftId: draft.id });
      expect(folded).toMatchObject({ status: 'published', published: { by: 'Sarah', version: 2 }, refused: null });
      expect(folded.published?.yaml).toBe(`# reviewed\n${draft.yaml}`);
      expect((await device.call('checklists.list', {})).find((c) => c.id === 'printer-not-printing')).toMatchObject({ version: 2, origin: 'editor' });
    }
    // Karim's edit came before the publication by the clock: it is history, not a late edit.
    expect((await laptop.call('checklists.draft', { draftId: draft.id })).lateEdits).toBe(0);
    expect(laptop.drafts.events(draft.id).map((e) => e.type)).toEqual(['created', 'edited', 'edited', 'published']);

    // Offline on both sides, each publishes its own version 3: the one already in a library stays there.
    const mine = await laptop.call('checklists.newDraft', { from: 'printer-not-printing' });
    const theirs = await desk.call('checklists.newDraft', { from: 'printer-not-printing' });
    await laptop.call('checklists.publish', { draftId: mine.id, yaml: mine.yaml.replace(/en: "([^"]+)"/, 'en: "$1 (laptop)"') });
    await desk.call('checklists.publish', { draftId: theirs.id, yaml: theirs.yaml.replace(/en: "([^"]+)"/, 'en: "$1 (desk)"') });
    desk.drafts.applyExternal(laptop.drafts.events(mine.id));
    const onDesk = await desk.call('checklists.draft', { draftId: mine.id });
    expect(onDesk.refused).toMatch(/printer-not-printing version 3 is already stored with different content/);
    expect(desk.core.db.prepare("SELECT yaml FROM checklists WHERE id = 'printer-not-printing' AND version = 3").pluck().get()).toMatch(/\(desk\)/);
  });
});
