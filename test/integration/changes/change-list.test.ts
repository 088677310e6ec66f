/**
 * The Changes list counts the hosts a change chooses the way its rollout preview lists them: by name, by
 * tag and by site, each host once, from the host book as it is now.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../electron/core';
import { CHANGE_TEMPLATES } from '../../../shared/changes';
import type { Ticket } from '../../../shared/tickets';
import { openTestCore } from '../../setup/core';
import { tempDir } from '../../setup/temp';

describe('the Changes list', () => {
  let core: Core | undefined;
  afterEach(() => core?.close());
  const call = <T = any>(name: string, input: unknown): Promise<T> => core!.dispatch(name as never, input as never) as Promise<T>;
  const host = (name: string, extra: Record<string, unknown> = {}) =>
    call('hosts.add', { name, address: '127.0.0.1', port: 22, user: 'tech', auth: { method: 'agent' }, osFamily: 'linux', ...extra });

  it('counts the hosts chosen by tag and site too, as the preview lists them', async () => {
    core = openTestCore(tempDir());
    await call('settings.update', { technician: 'marc', level: 'N2' });
    await host('ws-1');
    await host('acc-1', { tags: ['accounting'] });
    await host('acc-2', { tags: ['accounting'], site: 'Lyon' });
    await host('lyon-1', { site: 'Lyon' });
    await host('paris-1', { site: 'Paris' });
    const record = { type: 'normal', risk: 'low', plan: 'p', testPlan: 't', rollbackPlan: 'r', hosts: ['ws-1', 'acc-1'], tags: ['accounting'], sites: ['lyon'], procedure: { script: 'true' } };
    const id = (await call<{ ticket: Ticket }>('changes.create', { title: 'By tag and site', record })).ticket.id;
    const preview = await call<{ hosts: { host: string }[] }>('changes.preview', { ticketId: id });
    expect(preview.hosts.map((h) => h.host)).toEqual(['ws-1', 'acc-1', 'acc-2', 'lyon-1']);
    const row = (await call<{ id: string; hosts: number }[]>('changes.list', {})).find((c) => c.id === id);
    expect(row?.hosts).toBe(4);

    // A host tagged since is counted: the list reads the host book as it is now.
    await call('hosts.update', { name: 'paris-1', patch: { tags: ['accounting'] } });
    expect((await call<{ id: string; hosts: number }[]>('changes.list', {})).find((c) => c.id === id)?.hosts).toBe(5);
  });

  it('every template whose procedure is a checklist fits the built-in checklist version it pins', async () => {
    core = openTestCore(tempDir());
    await call('settings.update', { technician: 'marc', level: 'N2' });
    const withChecklist = CHANGE_TEMPLATES.filter((t) => t.record.procedure?.checklist);
    expect(withChecklist.map((t) => t.id)).toEqual(['disk-health-check']);
    for (const template of withChecklist) {
      const record = { ...template.record, type: 'standard', template: template.id, hosts: ['ws-1'] };
      const detail = await call<{ ticket: Ticket }>('changes.create', { title: template.title.en, record });
      expect(detail.ticket.change?.record.procedure?.checklist?.id).toBe(template.record.procedure?.checklist?.id);
    }
  });

  it('refuses a standard change whose procedure differs from its pre-approved template, naming the field', async () => {
    core = openTestCore(tempDir());
    await call('settings.update', { technician: 'marc', level: 'N2' });
    const template = CHANGE_TEMPLATES.find((t) => t.id === 'clear-temp')!;
    const record = { ...template.record, type: 'standard', template: template.id, hosts: ['ws-1'] };
    const standard = await call<{ ticket: Ticket }>('changes.create', { title: 'Clear /tmp', record });
    expect(standard.ticket.change?.approval.state).toBe('not_needed');
    const changed = { ...record, procedure: { ...template.record.procedure!, script: 'rm -rf "$FOLDER"' } };
    await expect(call('changes.create', { title: 'Clear /tmp, my way', record: changed })).rejects.toMatchObject({ code: 'invalid_input', path: 'record.procedure' });
    // The same procedure as a normal change is fine: it waits for its approval.
    const normal = await call<{ ticket: Ticket }>('changes.create', { title: 'Clear /tmp, my way', record: { ...changed, type: 'normal', template: null } });
    expect(normal.ticket.change?.approval.state).toBe('pending');
  });
});
