/**
 * Who may remove an attachment, and when a removal names one at all: one rule, used by the device before it
 * appends a removal (workflow.ts), by the hub before it accepts one (hub/push.ts), and by the fold, which
 * drops an attachment only for a removal that passes it. So whatever the hub accepts every device applies
 * alike, and a device never drops someone else's file for a removal a hub let through.
 */
import { compareEvents } from './events';
import type { Ticket } from './model';

/** What the log holds of one `attachment_added` event. */
export interface AttachedFile {
  eventId: string;
  ticketId: string;
  /** Its HLC timestamp. */
  at: string;
  actor: string;
  hash: string;
  name: string;
}

/** What the rule reads of an `attachment_removed` event. */
export interface Removal {
  id: string;
  ticketId: string;
  hlc: string;
  actor: string;
  payload: { attachmentId: string; hash: string };
}

export type RemovalRule = 'attachment_unknown' | 'attachment_not_yours';

export interface RemovalRefusal {
  rule: RemovalRule;
  /** `conflict`: the attachment is not in the log as named; `forbidden`: it is, but not this actor's. */
  code: 'conflict' | 'forbidden';
  /** The event's field refused: what it names, or what it does (`type`: a removal by someone else). */
  field: 'payload.attachmentId' | 'type';
  message: string;
}

/**
 * A removal must name an `attachment_added` event of the same ticket, with the same file, that sorts before
 * it; and be made by the technician who attached the file (a removal destroys the file for the whole team once
 * no other ticket holds it, so only its author decides).
 */
export function removalRefusal(removal: Removal, attached: AttachedFile | undefined): RemovalRefusal | null {
  const { attachmentId, hash } = removal.payload;
  if (!attached || attached.ticketId !== removal.ticketId || attached.hash !== hash || compareEvents({ id: attached.eventId, hlc: attached.at }, removal) >= 0) {
    return {
      rule: 'attachment_unknown',
      code: 'conflict',
      field: 'payload.attachmentId',
      message: `event ${removal.id} removes attachment ${attachmentId} (file ${hash.slice(0, 12)}…), which ticket ${removal.ticketId} does not hold (rule attachment_unknown)`,
    };
  }
  if (attached.actor !== removal.actor) {
    return {
      rule: 'attachment_not_yours',
      code: 'forbidden',
      field: 'type',
      message: `${removal.actor} cannot remove "${attached.name}" from ticket ${removal.ticketId}: only ${attached.actor}, who attached it, can (rule attachment_not_yours)`,
    };
  }
  return null;
}

/** The ticket's attachment at `index` (of `attachments`) as the rule reads it. */
export function attachedFile(t: Pick<Ticket, 'id' | 'attachments'>, index: number): AttachedFile | undefined {
  const a = t.attachments[index];
  return a && { eventId: a.eventId, ticketId: t.id, at: a.at, actor: a.actor, hash: a.hash, name: a.name };
}
