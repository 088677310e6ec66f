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

function open() {
  const dir = mkdtempSync(join(tmpdir(), 'atelier-import-draft-'));
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

const DISK = (version: number, title = 'Disk almost full') => `id: disk-full
version: ${version}
title: { fr: "Disque presque plein", en: "${title}" }
start: free
steps:
  - id: free
    kind: probe
    text: { fr: "Espace libre", en: "Free space" }
    probe: disk.free
    args: { mount: "/" }
    rules:
      - { when: { field: free_percent, op: "<", value: 5 }, result: fail }
      - { when: { field: free_percent, op: "<", value: 15 }, result: warn }
    next: { pass: ok, warn: ok, fail: full, unavailable: ok }
  - id: ok
    kind: conclusion
    diagnosis: { fr: "Assez de place", en: "Enough room" }
    resolution: { fr: "Rien à faire", en: "Nothing to do" }
    escalate: none
  - id: full
    kind: conclusion
    diagnosis: { fr: "Disque plein", en: "Disk full" }
    resolution: { fr: "Libérer de la place", en: "Free some room" }
    escalate: none
`;

describe('an imported checklist file is a draft, published like one written in the editor', () => {
  it('lands as a draft N1 never runs, and its publication records who published it and what was checked', async () => {
    const { call } = open();
    await call('checklists.list', {});
    // Importing makes a draft: the authors' business.
    expect(await errorOf(call('checklists.import', { yaml: DISK(1), source: 'disk-full.yaml' }))).toMatchObject({ code: 'forbidden', path: 'level' });

    await call('settings.update', { level: 'N2', technician: 'Sarah' });
    const imported = await call('checklists.import', { yaml: DISK(1), source: 'disk-full.yaml' });
    expect(imported.problems).toEqual([]);
    expect(imported).toMatchObject({ ok: true, status: 'drafted', id: 'disk-full', version: 1 });
    expect((await call('checklists.list', {})).some((c) => c.id === 'disk-full')).toBe(false);
    expect(await call('checklists.drafts', {})).toEqual([expect.objectContaining({ id: imported.draftId, checklistId: 'disk-full', importedFrom: 'disk-full.yaml', author: 'Sarah' })]);
    const { ticket } = await call('tickets.create', { kind: 'incident', title: 'Disque', impact: 2, urgency: 2 });
    expect(await errorOf(call('checklists.startRun', { ticketId: ticket.id, checklistId: 'disk-full' }))).toMatchObject({ code: 'not_found' });

    // The same file again goes into the open draft rather than a second one.
    const again = await call('checklists.import', { yaml: `# second look\n${DISK(1)}`, source: 'disk-full.yaml' });
    expect(again.draftId).toBe(imported.draftId);
    expect(await call('checklists.drafts', {})).toHaveLength(1);

    // A dry run naming a step the draft does not have is refused, naming the field.
    expect(await errorOf(call('checklists.publish', { draftId: imported.draftId!, dryRun: { target: 'local', results: [{ stepId: 'nope', result: 'pass' }] } }))).toMatchObject({
      code: 'invalid_input',
      path: 'dryRun.results',
    });
    const published = await call('checklists.publish', { draftId: imported.draftId!, dryRun: { target: 'pc-accueil', results: [{ stepId: 'free', result: 'warn' }] } });
    expect(published).toMatchObject({
      status: 'published',
      importedFrom: 'disk-full.yaml',
      published: { by: 'Sarah', version: 1, checks: { steps: 3, probes: 1, dryRun: { target: 'pc-accueil', results: [{ stepId: 'free', result: 'warn' }] } } },
    });
    expect((await call('checklists.list', {})).find((c) => c.id === 'disk-full')).toMatchObject({ version: 1, origin: 'file', source: 'disk-full.yaml', publishedBy: 'Sarah' });
    expect((await call('checklists.startRun', { ticketId: ticket.id, checklistId: 'disk-full' })).version).toBe(1);

    // Importing the published file again changes nothing; the same version with other text is a problem.
    expect(await call('checklists.import', { yaml: `# second look\n${DISK(1)}`, source: 'disk-full.yaml' })).toMatchObject({ ok: true, status: 'unchanged', version: 1 });
    expect(await call('checklists.drafts', {})).toEqual([]);
    const clash = await call('checklists.import', { yaml: DISK(1, 'Disk full'), source: 'disk-full.yaml' });
    expect(clash.ok).toBe(false);
    expect(clash.problems[0]).toMatch(/^disk-full\.yaml:-:version: disk-full version 1 is already published with different content/);

    // Version 2 from a file: a draft again, version 1 stays in use until it is published (without a dry run).
    const next = await call('checklists.import', { yaml: DISK(2, 'Disk full'), source: 'disk-full-v2.yaml' });
    expect(next).toMatchObject({ status: 'drafted', version: 2 });
    expect((await call('checklists.list', {})).find((c) => c.id === 'disk-full')?.version).toBe(1);
    const second = await call('checklists.publish', { draftId: next.draftId! });
    expect(second.published?.checks).toEqual({ steps: 3, probes: 1, dryRun: null });
    expect((await call('checklists.list', {})).find((c) => c.id === 'disk-full')).toMatchObject({ version: 2, versions: [2, 1], source: 'disk-full-v2.yaml' });
  });

  it('travels to another device with its file name and its publication record', async () => {
    const laptop = open();
    const desk = open();
    await laptop.call('checklists.list', {});
    await desk.call('checklists.list', {});
    await laptop.call('settings.update', { level: 'N3', technician: 'Sarah' });
    await desk.call('settings.update', { level: 'N2', technician: 'Karim' });
    const imported = await laptop.call('checklists.import', { yaml: DISK(1), source: 'disk-full.yaml' });
    await laptop.call('checklists.publish', { draftId: imported.draftId!, dryRun: { target: 'local', results: [{ stepId: 'free', result: 'pass' }] } });
    desk.drafts.applyExternal(laptop.drafts.events(imported.draftId!));
    expect(await desk.call('checklists.draft', { draftId: imported.draftId! })).toMatchObject({
      importedFrom: 'disk-full.yaml',
      published: { by: 'Sarah', checks: { dryRun: { target: 'local', results: [{ stepId: 'free', result: 'pass' }] } } },
      refused: null,
    });
    expect((await desk.call('checklists.list', {})).find((c) => c.id === 'disk-full')).toMatchObject({ origin: 'file', source: 'disk-full.yaml', publishedBy: 'Sarah' });
  });
});
