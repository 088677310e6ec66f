import { describe, expect, it } from 'vitest';
import { conclusionEffect, type ConclusionStep } from '../../../shared/checklists';
import { allowedActions, foldTicket, validateCommand, type Status, type Ticket, type TicketAction, type TicketEvent } from '../../../shared/tickets';
import { Device, NODE_A, prng } from './fixtures';

const device = new Device('laptop-a', NODE_A, prng(7));
const created = foldTicket([device.make('T1', 'created', { kind: 'incident', title: 'Printer offline', impact: 2, urgency: 2 })]) as Ticket;
const at = (status: Status, extra: Partial<Ticket> = {}): Ticket => ({ ...created, status, ...extra });

/** The command each action sends, so the test can check the core accepts every action the bar offers. */
function command(ticket: Ticket, action: TicketAction): TicketEvent {
  const make = device.make.bind(device);
  switch (action) {
    case 'take':
      return make('T1', 'assigned', { assignee: 'me' });
    case 'start':
    case 'resume':
      return make('T1', 'status_changed', { from: ticket.status, to: 'in_progress' });
    case 'hold':
      return make('T1', 'status_changed', { from: ticket.status, to: 'pending' });
    case 'close':
      return make('T1', 'status_changed', { from: ticket.status, to: 'closed' });
    case 'escalate':
      return make('T1', 'escalated', { toLevel: 'N2', reason: 'needs a part' });
    case 'redirect':
      return make('T1', 'redirected', { to: 'team', name: 'Network', reason: 'switch issue' });
    case 'resolve':
      return make('T1', 'resolved', { resolution: { text: 'done', rootCause: 'cable' } });
    case 'reopen':
      return make('T1', 'reopened', { reason: 'came back' });
    case 'vendorBack':
      return make('T1', 'field_changed', { changes: { vendor: null } });
  }
}
const ALL: TicketAction[] = ['take', 'start', 'resume', 'hold', 'escalate', 'redirect', 'resolve', 'close', 'reopen'];

describe('allowedActions: the action bar derived from the workflow rules', () => {
  it.each([
    ['new', ['take', 'start', 'hold', 'escalate', 'redirect', 'resolve']],
    ['in_progress', ['take', 'hold', 'escalate', 'redirect', 'resolve']],
    ['pending', ['take', 'resume', 'escalate', 'redirect', 'resolve']],
    ['resolved', ['close', 'reopen']],
    ['closed', ['reopen']],
  ] as [Status, TicketAction[]][])('%s offers %j', (status, expected) => {
    expect(allowedActions(at(status), 'me')).toEqual(expected);
  });

  it('offers each action once, and exactly the ones the core accepts', () => {
    for (const status of ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed'] as Status[]) {
      const ticket = at(status, status === 'assigned' ? { assignee: 'Alice' } : {});
      const offered = allowedActions(ticket, 'me');
      expect(new Set(offered).size, status).toBe(offered.length);
      expect(offered.includes('start') && offered.includes('resume'), status).toBe(false);
      for (const action of offered) expect(() => validateCommand(ticket, command(ticket, action)), `${status}: ${action}`).not.toThrow();
      // start and resume send the same command (two names for two situations); take is accepted on any open ticket.
      const sameCommandOffered = (action: TicketAction) => (action === 'start' || action === 'resume') && (offered.includes('start') || offered.includes('resume'));
      // Clearing a field the core accepts on any open ticket; the bar offers it only while a vendor holds it.
      for (const action of ALL.filter((a) => !offered.includes(a) && a !== 'take' && a !== 'vendorBack' && !sameCommandOffered(a))) {
        expect(() => validateCommand(ticket, command(ticket, action)), `${status}: ${action} is not offered, so the core must refuse it`).toThrow();
      }
    }
  });

  it('offers to take the ticket back from its vendor only while a vendor holds it', () => {
    expect(allowedActions(at('new', { vendor: 'Sage Support' }), 'me')).toEqual(['take', 'start', 'hold', 'escalate', 'redirect', 'vendorBack', 'resolve']);
    expect(allowedActions(at('pending'), 'me')).not.toContain('vendorBack');
    const withVendor = at('in_progress', { vendor: 'Sage Support' });
    expect(() => validateCommand(withVendor, command(withVendor, 'vendorBack'))).not.toThrow();
  });

  it('does not offer to take a ticket already mine, nor to escalate beyond N3', () => {
    expect(allowedActions(at('in_progress', { assignee: 'me' }), 'me')).not.toContain('take');
    expect(allowedActions(at('in_progress', { level: 'N3' }), 'me')).not.toContain('escalate');
  });
});

describe('conclusionEffect: what applying a checklist conclusion does', () => {
  const t = (s: string) => ({ fr: s, en: s });
  const step = (over: Partial<ConclusionStep>): ConclusionStep => ({ id: 'c', kind: 'conclusion', diagnosis: t('D'), resolution: t('R'), escalate: 'none', ...over }) as ConclusionStep;

  it('resolves when nothing is escalated, and sets a category that differs', () => {
    expect(conclusionEffect({ level: 'N1', category: null }, step({ category: 'hardware/printer' }))).toEqual({ category: 'hardware/printer', escalateTo: null, resolves: true });
    expect(conclusionEffect({ level: 'N1', category: 'hardware/printer' }, step({ category: 'hardware/printer' })).category).toBeNull();
  });

  it('escalates only upwards and then comments instead of resolving', () => {
    expect(conclusionEffect({ level: 'N1', category: null }, step({ escalate: 'N2', escalation_reason: t('part') }))).toEqual({ category: null, escalateTo: 'N2', resolves: false });
    expect(conclusionEffect({ level: 'N2', category: null }, step({ escalate: 'N2', escalation_reason: t('part') })).escalateTo).toBeNull();
    expect(conclusionEffect({ level: 'N3', category: null }, step({ escalate: 'N3', escalation_reason: t('part') })).escalateTo).toBeNull();
  });
});
