import { describe, expect, it } from 'vitest';
import { WorkflowError, foldTicket, validateCommand, type TicketEvent } from '../../../shared/tickets';
import { Device, MIN, NODE_A, NODE_B, prng } from './fixtures';

const HASH = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);

/** A ticket made by jeanne's laptop with one file she attached, and karim's desk that saw it all. */
function setUp() {
  const jeanne = new Device('jeanne', NODE_A, prng(7));
  const karim = new Device('karim', NODE_B, prng(8));
  const events: TicketEvent[] = [jeanne.make('T1', 'created', { kind: 'incident', title: 'Printer jams', impact: 2, urgency: 2 })];
  jeanne.wallMs += MIN;
  const added = jeanne.make('T1', 'attachment_added', { hash: HASH, name: 'spooler.log', size: 10, mime: 'text/plain' });
  events.push(added);
  karim.receive(events);
  karim.wallMs = jeanne.wallMs + MIN;
  jeanne.wallMs += MIN;
  return { jeanne, karim, events, added };
}

describe('removing an attachment', () => {
  it('takes the file off the ticket when its author removes it', () => {
    const { jeanne, events, added } = setUp();
    const removal = validateCommand(foldTicket(events), jeanne.make('T1', 'attachment_removed', { attachmentId: added.id, hash: HASH }));
    expect(foldTicket([...events, removal]).attachments).toEqual([]);
  });

  it('is refused on the device for someone else’s file, and ignored by the fold if a hub let it through', () => {
    const { karim, events, added } = setUp();
    const removal = karim.make('T1', 'attachment_removed', { attachmentId: added.id, hash: HASH });
    const refused = (() => {
      try {
        validateCommand(foldTicket(events), removal);
        return null;
      } catch (error) {
        return error as WorkflowError;
      }
    })();
    expect(refused).toBeInstanceOf(WorkflowError);
    expect(refused).toMatchObject({ rule: 'attachment_not_yours', path: 'type', message: expect.stringContaining('only jeanne, who attached it') });
    expect(foldTicket([...events, removal]).attachments.map((a) => a.eventId)).toEqual([added.id]);
  });

  it('must name an attachment of this ticket, with its file', () => {
    const { jeanne, events, added } = setUp();
    const state = foldTicket(events);
    for (const payload of [
      { attachmentId: added.id, hash: OTHER },
      { attachmentId: events[0]?.id ?? '', hash: HASH },
    ]) {
      expect(() => validateCommand(state, jeanne.make('T1', 'attachment_removed', payload))).toThrow(/rule attachment_unknown/);
    }
  });
});
