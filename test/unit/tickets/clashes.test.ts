import { describe, expect, it } from 'vitest';
import { fieldStory, orderEvents } from '../../../shared/tickets';
import { Device, MIN, prng } from './fixtures';

function devices() {
  const rand = prng(7);
  const jeanne = new Device('jeanne-laptop', 'aaaaaaaaaaaaaaaa', rand);
  const karim = new Device('karim-desk', 'bbbbbbbbbbbbbbbb', rand);
  return { jeanne, karim };
}

describe('fieldStory: every change from what to what, and the values lost without being seen', () => {
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
    expect(story.clashes).toEqual([]);
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
    expect(story.clashes).toEqual([]);
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
    expect(story.clashes).toHaveLength(1);
    expect(story.clashes[0]).toMatchObject({
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
    const story = fieldStory(orderEvents([created, hers, his, back]));
    expect(story.clashes).toHaveLength(1);
    expect(story.clashes[0]?.settledBy).toBe(back.id);
  });

  it('the same device changing a field twice never clashes with itself; changes without `seen` never clash', () => {
    const { jeanne, karim } = devices();
    const created = jeanne.make('T1', 'created', { kind: 'incident', title: 'Slow PC', impact: 2, urgency: 2 });
    const a = jeanne.make('T1', 'field_changed', { changes: { urgency: 1 }, seen: { urgency: 2 } });
    jeanne.wallMs += MIN;
    const b = jeanne.make('T1', 'field_changed', { changes: { urgency: 3 }, seen: { urgency: 2 } });
    karim.wallMs += 2 * MIN;
    const old = karim.make('T1', 'field_changed', { changes: { urgency: 2 } });
    expect(fieldStory(orderEvents([created, a, b, old])).clashes).toEqual([]);
  });
});
