import { describe, expect, it } from 'vitest';
import { applyEvent, clashFields, fieldStory, foldTicket, orderEvents, type TicketEvent } from '../../../shared/tickets';
import { Device, MIN, prng } from './fixtures';

function devices() {
  const rand = prng(7);
  const jeanne = new Device('jeanne-laptop', 'aaaaaaaaaaaaaaaa', rand);
  const karim = new Device('karim-desk', 'bbbbbbbbbbbbbbbb', rand);
  return { jeanne, karim };
}

/** The open clashes the fold keeps in the ticket (what the queue and the ticket show). */
const openClashes = (events: readonly TicketEvent[]) => foldTicket(events).clashes?.open ?? [];

describe('fieldStory and the fold: every change from what to what, and the values lost without being seen', () => {
  it('tells each change from and to, in the merged order', () => {
    const { jeanne } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 2, urgency: 2 });
    jeanne.wallMs += MIN;
    const raise = jeanne.make('T1', 'field_changed', { changes: { urgency: 1, site: 'Lyon' }, seen: { urgency: 2, site: null } });
    const story = fieldStory(orderEvents([raise, created]));
    expect(story.changes.get(raise.id)).toEqual([
      { field: 'urgency', from: 2, to: 1 },
      { field: 'site', from: null, to: 'Lyon' },
    ]);
    expect(openClashes([raise, created])).toEqual([]);
  });

  it('reads "from" values other events set: taking a ticket back from its vendor, reassigning after a take', () => {
    const { jeanne } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Sage will not start', impact: 2, urgency: 2 });
    const toVendor = jeanne.make('T1', 'redirected', { to: 'vendor', name: 'Sage Support', reason: 'licence' });
    const taken = jeanne.make('T1', 'assigned', { assignee: 'Jeanne' });
    const back = jeanne.make('T1', 'field_changed', { changes: { vendor: null, assignee: 'Karim' }, seen: { vendor: 'Sage Support', assignee: 'Jeanne' } });
    const story = fieldStory(orderEvents([created, toVendor, taken, back]));
    expect(story.changes.get(back.id)).toEqual([
      { field: 'vendor', from: 'Sage Support', to: null },
      { field: 'assignee', from: 'Jeanne', to: 'Karim' },
    ]);
    expect(openClashes([created, toVendor, taken, back])).toEqual([]);
  });

  it('two devices set the same field offline: the later value stands, the other is shown as lost with its author', () => {
    const { jeanne, karim } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 2, urgency: 2 });
    karim.receive([created]);
    jeanne.wallMs += MIN;
    karim.wallMs += 2 * MIN;
    const hers = jeanne.make('T1', 'field_changed', { changes: { urgency: 1 }, seen: { urgency: 2 } });
    const his = karim.make('T1', 'field_changed', { changes: { urgency: 3 }, seen: { urgency: 2 } });
    const story = fieldStory(orderEvents([created, his, hers]));
    const clashes = openClashes([created, his, hers]);
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({
      field: 'urgency',
      won: { eventId: his.id, actor: 'karim-desk', value: 3 },
      lost: { eventId: hers.id, actor: 'jeanne-laptop', value: 1 },
      settledBy: null,
    });
    expect(story.changes.get(his.id)).toEqual([{ field: 'urgency', from: 1, to: 3 }]);
  });

  it('a change made after seeing the other value is no clash, and it settles an open one', () => {
    const { jeanne, karim } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 2, urgency: 2 });
    karim.receive([created]);
    const hers = jeanne.make('T1', 'field_changed', { changes: { urgency: 1 }, seen: { urgency: 2 } });
    karim.wallMs += MIN;
    const his = karim.make('T1', 'field_changed', { changes: { urgency: 3 }, seen: { urgency: 2 } });
    jeanne.receive([his]);
    jeanne.wallMs += 5 * MIN;
    // Jeanne saw both and takes her value back: the clash is settled by her knowing change.
    const back = jeanne.make('T1', 'field_changed', { changes: { urgency: 1 }, seen: { urgency: 3 } });
    expect(openClashes([created, hers, his])).toHaveLength(1);
    expect(openClashes([created, hers, his, back])).toEqual([]);
  });

  it('the same device changing a field twice never clashes with itself; changes without `seen` never clash', () => {
    const { jeanne, karim } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 2, urgency: 2 });
    const a = jeanne.make('T1', 'field_changed', { changes: { urgency: 1 }, seen: { urgency: 2 } });
    jeanne.wallMs += MIN;
    const b = jeanne.make('T1', 'field_changed', { changes: { urgency: 3 }, seen: { urgency: 2 } });
    karim.wallMs += 2 * MIN;
    const old = karim.make('T1', 'field_changed', { changes: { urgency: 2 } });
    expect(openClashes([created, a, b, old])).toEqual([]);
  });

  it('stepping event by event keeps the same clashes as folding the whole log, and names the fields for the queue', () => {
    const { jeanne, karim } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 2, urgency: 2 });
    karim.receive([created]);
    jeanne.wallMs += MIN;
    karim.wallMs += 2 * MIN;
    const hers = jeanne.make('T1', 'field_changed', { changes: { urgency: 1, site: 'Lyon' }, seen: { urgency: 2, site: null } });
    const his = karim.make('T1', 'field_changed', { changes: { site: 'Paris', urgency: 3 }, seen: { urgency: 2, site: null } });
    const ordered = orderEvents([created, hers, his]);
    const stepped = ordered.reduce<ReturnType<typeof foldTicket> | null>((state, event) => applyEvent(state, event), null);
    expect(stepped?.clashes).toEqual(foldTicket(ordered).clashes);
    expect(clashFields(stepped?.clashes)).toEqual(['site', 'urgency']);
    // Settling steps on to a new state and leaves the earlier one as it was (states share clash entries).
    if (!stepped) throw new Error('no state');
    const before = structuredClone(stepped);
    jeanne.receive([his]);
    jeanne.wallMs += 5 * MIN;
    const settled = applyEvent(stepped, jeanne.make('T1', 'field_changed', { changes: { site: 'Lyon' }, seen: { site: 'Paris' } }));
    expect(clashFields(settled.clashes)).toEqual(['urgency']);
    expect(stepped).toEqual(before);
  });
});
