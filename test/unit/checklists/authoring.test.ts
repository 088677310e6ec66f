import { describe, expect, it } from 'vitest';
import { foldDraft, parseDraftEvent, type DraftEvent } from '../../../shared/checklists';
import { formatHlc } from '../../../shared/tickets/hlc';

const node = 'aaaaaaaaaaaaaaaa';
let n = 0;
/** HLC strings sort by time; the node is the device. */
function ev(type: DraftEvent['type'], ms: number, payload: unknown, device = node, actor = 'Sarah'): DraftEvent {
  n += 1;
  const id = `0190a000-0000-7000-8000-${String(n).padStart(12, '0')}`;
  const hlc = formatHlc({ wallMs: ms, counter: 0, node: device });
  return parseDraftEvent({ id, draftId: 'd1', hlc, actor, device, type, payload });
}
const T = Date.UTC(2026, 11, 7, 8);
const sha = 'a'.repeat(64);

describe('checklist draft fold', () => {
  const created = ev('created', T, { checklistId: 'battery', version: 2, yaml: 'id: battery\nversion: 2' });
  const editA = ev('edited', T + 1_000, { yaml: 'A' }, node);
  const editB = ev('edited', T + 2_000, { yaml: 'B' }, 'bbbbbbbbbbbbbbbb', 'Karim');
  const published = ev('published', T + 3_000, { checklistId: 'battery', version: 2, yaml: 'B', sha256: sha });
  const lateEdit = ev('edited', T + 4_000, { yaml: 'C' }, 'bbbbbbbbbbbbbbbb', 'Karim');

  it('is the same whatever order and duplicates the events arrive in (sync folds it on every device)', () => {
    const all = [created, editA, editB, published, lateEdit];
    const folded = foldDraft(all);
    for (const order of [[...all].reverse(), [lateEdit, created, published, editB, editA, editB, created]]) expect(foldDraft(order)).toEqual(folded);
  });

  it('keeps the last text by clock; publication fixes the published text and later edits are counted, not applied', () => {
    expect(foldDraft([created, editB, editA])).toMatchObject({ yaml: 'B', status: 'draft', published: null, author: 'Sarah' });
    const draft = foldDraft([created, editA, editB, published, lateEdit]);
    expect(draft).toMatchObject({ status: 'published', yaml: 'B', version: 2, lateEdits: 1, published: { by: 'Sarah', yaml: 'B', version: 2 } });
    expect(draft.updatedAt).toBe(published.hlc);
  });

  it('closes a discarded draft and refuses a log without its created event', () => {
    const discarded = ev('discarded', T + 500, {});
    expect(foldDraft([created, discarded, editA])).toMatchObject({ status: 'discarded', yaml: 'id: battery\nversion: 2', lateEdits: 1 });
    expect(() => foldDraft([editA])).toThrow(/first event is edited/);
  });

  it('refuses malformed events naming the field', () => {
    expect(() => parseDraftEvent({ ...created, payload: { checklistId: 'Bad Id', version: 1, yaml: '' } }, 'events[0]')).toThrow(/events\[0\]\.payload\.checklistId/);
    expect(() => parseDraftEvent({ ...published, payload: { checklistId: 'battery', version: 0, yaml: 'B', sha256: sha } })).toThrow(/version/);
  });
});
