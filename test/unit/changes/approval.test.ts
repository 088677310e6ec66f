import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import { approverRefusal, ChangeRecord, findTemplate, isPreApproved, type ChangeRecordInput } from '../../../shared/changes';
import { foldTicket, parseEvent, validateCommand, type TicketEvent } from '../../../shared/tickets';

const node = 'a1b2c3d4e5f6a7b8';
let tick = 0;
const ev = (type: string, payload: unknown, actor = 'ana'): TicketEvent =>
  parseEvent({ id: uuidv7(), ticketId: 'C-1', hlc: `2026-12-07T06:00:00.${String(tick++).padStart(3, '0')}Z-0000-${node}`, actor, device: node, type, payload });

const record = (type: 'standard' | 'normal' | 'emergency'): ChangeRecordInput => ({
  type,
  risk: 'medium',
  plan: 'write the line',
  testPlan: 'grep the line',
  rollbackPlan: 'restore the copy',
  hosts: ['ws-1'],
  ...(type === 'standard' ? { template: 'clear-temp', procedure: findTemplate('clear-temp')!.record.procedure, params: { FOLDER: '/var/tmp', DAYS: 3 } } : {}),
});

/** The standard change above, its script changed by whoever wrote it (another device, the API). */
const tampered = (): ChangeRecordInput => {
  const standard = record('standard');
  return { ...standard, procedure: { ...findTemplate('clear-temp')!.record.procedure!, script: 'rm -rf "$FOLDER"' } };
};

describe('change approval', () => {
  const created = ev('created', { kind: 'change', title: 'Set proxy', impact: 2, urgency: 2 });

  it('a normal change waits for its approval, and a rollout is refused until an N2 approves', () => {
    const planned = [created, ev('change_planned', { record: record('normal') })];
    const ticket = foldTicket(planned);
    expect(ticket.change?.approval.state).toBe('pending');
    expect(() => validateCommand(ticket, ev('rollout_started', { runId: 'r1', hosts: ['ws-1'], waveSize: 2, failureThreshold: 0 }))).toThrow(/waiting for its approval/);
    const approval = validateCommand(ticket, ev('change_approved', { level: 'N2', note: 'ok for tonight' }, 'marc'));
    const approved = foldTicket([...planned, approval]);
    expect(approved.change?.approval).toMatchObject({ state: 'approved', by: 'marc', level: 'N2', reason: 'ok for tonight', at: approval.hlc });
    expect(() => validateCommand(approved, ev('rollout_started', { runId: 'r1', hosts: ['ws-1'], waveSize: 2, failureThreshold: 0 }))).not.toThrow();
    expect(() => validateCommand(approved, ev('change_rejected', { level: 'N3', reason: 'late' }))).toThrow(/already approved/);
  });

  it('an approval written at level N1 does not even parse', () => {
    expect(() => ev('change_approved', { level: 'N1' })).toThrow(/payload\.level/);
  });

  it('N1 (or a technician who never said their level) may not approve; N2 and N3 may', () => {
    expect(approverRefusal('nina', 'N1')).toMatch(/nina is N1: approving or rejecting a change needs an N2 or N3/);
    expect(approverRefusal('nina', null)).toMatch(/nina is N1/);
    expect(approverRefusal('marc', 'N2')).toBeNull();
    expect(approverRefusal('sam', 'N3')).toBeNull();
  });

  it('a standard change needs no approval; a new plan after an approval asks for a new one', () => {
    expect(foldTicket([created, ev('change_planned', { record: record('standard') })]).change?.approval.state).toBe('not_needed');
    const events = [created, ev('change_planned', { record: record('emergency') }), ev('change_approved', { level: 'N3' }, 'sam'), ev('change_planned', { record: { ...record('emergency'), hosts: ['ws-1', 'ws-2'] } })];
    expect(foldTicket(events).change?.approval.state).toBe('pending');
  });

  it('a standard change whose procedure is not its template\'s waits for an approval like any other', () => {
    expect(isPreApproved(ChangeRecord.parse(record('standard')))).toBe(true);
    expect(isPreApproved(ChangeRecord.parse(tampered()))).toBe(false);
    // A template that was never pre-approved, and a normal change running a pre-approved procedure.
    expect(isPreApproved(ChangeRecord.parse({ ...record('standard'), template: 'config-line', procedure: findTemplate('config-line')!.record.procedure, params: { FILE: '/etc/hosts', LINE: 'x' } }))).toBe(false);
    expect(isPreApproved(ChangeRecord.parse({ ...record('standard'), type: 'normal' }))).toBe(false);

    // Written elsewhere and synced here: the fold keeps it pending, and no device may roll it out unapproved.
    const ticket = foldTicket([created, ev('change_planned', { record: tampered() })]);
    expect(ticket.change?.approval.state).toBe('pending');
    expect(() => validateCommand(ticket, ev('rollout_started', { runId: 'r1', hosts: ['ws-1'], waveSize: 2, failureThreshold: 0 }))).toThrow(/standard change is waiting for its approval/);
  });

  it('change events are refused on a ticket that is not a change', () => {
    const incident = foldTicket([ev('created', { kind: 'incident', title: 'x', impact: 2, urgency: 2 })]);
    expect(() => validateCommand(incident, ev('change_planned', { record: record('normal') }))).toThrow(/is not a change \(it is an incident\)/);
  });
});
