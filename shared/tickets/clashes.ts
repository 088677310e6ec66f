/**
 * The story of a ticket's fields in the merged order: what each change turned which value into, and the
 * clashes, where a device overwrote a value it had never seen (two devices changed the same field while
 * neither had the other's change). Last writer wins stays the rule (fold.ts); this only makes sure the
 * losing value, its author and its time are shown, until someone who has seen both sets the field again
 * (taking the other value, or keeping this one).
 * Exact for changes that carry `seen` (every change made through the core); older ones cannot clash.
 */
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
  /** The knowing change that settled it, if any. */
  settledBy: string | null;
}

export interface FieldStory {
  /** Per field_changed event id: each field it changed, from what to what. */
  changes: Map<string, FieldChange[]>;
  clashes: FieldClash[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Reads the events of one ticket, already in merged order (orderEvents). */
export function fieldStory(ordered: readonly TicketEvent[]): FieldStory {
  const values = new Map<string, unknown>();
  const lastSet = new Map<string, FieldSetting>();
  const changes = new Map<string, FieldChange[]>();
  const clashes: FieldClash[] = [];
  for (const event of ordered) {
    if (event.type === 'created') {
      for (const [field, value] of Object.entries(event.payload)) values.set(field, value);
      continue;
    }
    if (event.type !== 'field_changed') {
      for (const [field, value] of Object.entries(setByOtherEvent(event))) values.set(field, value);
      continue;
    }
    const { changes: set, seen } = (event as EventOf<'field_changed'>).payload;
    const list: FieldChange[] = [];
    for (const [field, to] of Object.entries(set) as [ChangeableField, unknown][]) {
      const from = values.get(field) ?? null;
      list.push({ field, from, to });
      const setting: FieldSetting = { eventId: event.id, actor: event.actor, device: event.device, hlc: event.hlc, value: to };
      const previous = lastSet.get(field);
      if (seen && field in seen) {
        if (!same(seen[field], from) && previous && previous.device !== event.device) {
          clashes.push({ field, won: setting, lost: previous, settledBy: null });
        } else {
          // A change made knowing the current value settles the field's open clashes.
          for (const clash of clashes) if (clash.field === field && clash.settledBy === null) clash.settledBy = event.id;
        }
      }
      values.set(field, to);
      lastSet.set(field, setting);
    }
    changes.set(event.id, list);
  }
  return { changes, clashes };
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
