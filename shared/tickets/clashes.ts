/**
 * The story of a ticket's fields in the merged order: what each change turned which value into, and the
 * clashes, where a device overwrote a value it had never seen (two devices changed the same field while
 * neither had the other's change). Last writer wins stays the rule (fold.ts); this only makes sure the
 * losing value, its author and its time are shown, until someone who has seen both sets the field again
 * (taking the other value, or keeping this one). The fold runs the rule as it goes (fold.ts) and keeps the open
 * clashes in the ticket, so the queue's Conflicts view finds them in its rows without reading any log.
 * Exact for changes that carry `seen` (every change made through the core); older ones cannot clash.
 */
import { z } from 'zod';
import type { ChangeableField, EventOf, TicketEvent } from './events';

export interface FieldChange {
  field: ChangeableField;
  from: unknown;
  to: unknown;
}

export interface FieldSetting {
  eventId: string;
  actor: string;
  device: string;
  hlc: string;
  value: unknown;
}

export interface FieldClash {
  field: ChangeableField;
  /** The value that stands: set without having seen `lost`. */
  won: FieldSetting;
  lost: FieldSetting;
  /** Always null while open: a knowing change removes it from the open ones. */
  settledBy: string | null;
}

export interface FieldStory {
  /** Per field_changed event id: each field it changed, from what to what. */
  changes: Map<string, FieldChange[]>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What the rule keeps of a ticket: its open clashes and who set each field last. The fold stores it (fold.ts). */
export interface ClashState {
  open: FieldClash[];
  last: Partial<Record<ChangeableField, FieldSetting>>;
}

export const noClashes = (): ClashState => ({ open: [], last: {} });

const Setting = z.object({ eventId: z.string(), actor: z.string(), device: z.string(), hlc: z.string(), value: z.unknown() });
const Field = z.custom<ChangeableField>((value) => typeof value === 'string', 'not a field name');
/** ClashState as a folded ticket carries it (model.ts). */
export const StoredClashes: z.ZodType<ClashState> = z.object({
  open: z.array(z.object({ field: Field, won: Setting, lost: Setting, settledBy: z.string().nullable() })),
  last: z.partialRecord(Field, Setting),
});

/**
 * The rule, in one place: a change of `field` from `from` (the merged value before it) whose author saw another
 * value, and whose previous setter is another device, opens a clash; a change made knowing the current value
 * settles the field's open clashes. Updates `state.open` and `state.last` (replacing, never mutating, the
 * clashes in it: folded states share them) and returns the clash opened or the clashes settled.
 */
export function noteFieldChange(
  state: ClashState,
  field: ChangeableField,
  setting: FieldSetting,
  seen: Partial<Record<ChangeableField, unknown>> | undefined,
  from: unknown,
): { opened: FieldClash | null; settled: FieldClash[] } {
  const previous = state.last[field];
  state.last[field] = setting;
  if (!seen || !(field in seen)) return { opened: null, settled: [] };
  if (!same(seen[field], from) && previous && previous.device !== setting.device) {
    const opened: FieldClash = { field, won: setting, lost: previous, settledBy: null };
    state.open.push(opened);
    return { opened, settled: [] };
  }
  const settled = state.open.filter((clash) => clash.field === field);
  if (settled.length > 0) state.open = state.open.filter((clash) => clash.field !== field);
  return { opened: null, settled };
}

/** The fields of the open clashes, once each, in the order they clashed: what the queue shows. */
export function clashFields(state: ClashState | undefined): ChangeableField[] {
  return [...new Set((state?.open ?? []).map((clash) => clash.field))];
}

/** Each field change of one ticket from what to what; its events already in merged order (orderEvents). */
export function fieldStory(ordered: readonly TicketEvent[]): FieldStory {
  const values = new Map<string, unknown>();
  const changes = new Map<string, FieldChange[]>();
  for (const event of ordered) {
    if (event.type === 'created') {
      for (const [field, value] of Object.entries(event.payload)) values.set(field, value);
      continue;
    }
    if (event.type !== 'field_changed') {
      for (const [field, value] of Object.entries(setByOtherEvent(event))) values.set(field, value);
      continue;
    }
    const list: FieldChange[] = [];
    for (const [field, to] of Object.entries((event as EventOf<'field_changed'>).payload.changes) as [ChangeableField, unknown][]) {
      list.push({ field, from: values.get(field) ?? null, to });
      values.set(field, to);
    }
    changes.set(event.id, list);
  }
  return { changes };
}

/**
 * Fields other events set (as fold.ts applies them), so a later change reads "from" the value the ticket had:
 * taking a ticket back from its vendor reads "Vendor: Sage Support → —". They never clash: only field changes
 * carry what their author saw.
 */
function setByOtherEvent(event: TicketEvent): Partial<Record<ChangeableField, unknown>> {
  switch (event.type) {
    case 'assigned':
    case 'escalated': {
      const { assignee, team } = event.payload;
      return { ...(assignee !== undefined ? { assignee } : {}), ...(team !== undefined ? { team } : {}) };
    }
    case 'redirected':
      return event.payload.to === 'vendor' ? { vendor: event.payload.name } : { team: event.payload.name, assignee: event.payload.assignee ?? null };
    case 'resolved':
      // Resolving ends a vendor's hold.
      return { vendor: null };
    default:
      return {};
  }
}
