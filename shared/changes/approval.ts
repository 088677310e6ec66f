/**
 * The change workflow's rules, in one place for the core, the hub and the views:
 * - normal and emergency changes need an approval by an N2 or N3; a standard change needs none when it is
 *   what its pre-approved template approved (./templates.ts `isPreApproved`): else it waits for one too;
 * - only a pending change can be approved or rejected; a new plan after a decision asks for a new one;
 * - a rollout starts only on an approved (or pre-approved standard) change that is still open.
 */
import type { SupportLevel, Ticket } from '../tickets/model';
import type { ChangeRecord } from './record';
import { isPreApproved } from './templates';

export function needsApproval(record: ChangeRecord): boolean {
  return !isPreApproved(record);
}

/** Why this person may not approve or reject a change, or null when they may. */
export function approverRefusal(who: string, level: SupportLevel | null): string | null {
  if (level === 'N2' || level === 'N3') return null;
  return `${who} is ${level ?? 'N1'}: approving or rejecting a change needs an N2 or N3 technician`;
}

export interface ChangeFailure {
  rule: 'not_a_change' | 'no_change_record' | 'approval_not_pending' | 'not_approved' | 'change_closed' | 'unknown_rollout';
  message: string;
  path: string;
}

/** Checks a change event made on this device against the ticket it goes to (null: acceptable). */
export function changeCommandFailure(ticket: Ticket, type: string, payload: { runId?: string }): ChangeFailure | null {
  if (!type.startsWith('change_') && !type.startsWith('rollout_')) return null;
  if (ticket.kind !== 'change') return { rule: 'not_a_change', message: `Ticket ${ticket.id} is not a change (it is ${ticket.kind === 'incident' ? 'an' : 'a'} ${ticket.kind}).`, path: 'ticketId' };
  if (type === 'change_planned') return null;
  const change = ticket.change;
  if (!change) return { rule: 'no_change_record', message: 'This change has no plan yet: write its record first.', path: 'ticketId' };
  const approval = change.approval.state;
  if (type === 'change_approved' || type === 'change_rejected') {
    if (approval === 'pending') return null;
    const why = approval === 'not_needed' ? 'a standard change is pre-approved' : `it is already ${approval}`;
    return { rule: 'approval_not_pending', message: `This change cannot be approved or rejected: ${why}.`, path: 'type' };
  }
  if (type === 'rollout_started') {
    if (ticket.status === 'resolved' || ticket.status === 'closed') return { rule: 'change_closed', message: 'This change is resolved or closed: reopen it to roll it out.', path: 'ticketId' };
    if (approval === 'approved' || approval === 'not_needed') return null;
    return { rule: 'not_approved', message: `This ${change.record.type} change is ${approval === 'pending' ? 'waiting for its approval' : 'rejected'}: an N2 or N3 must approve it before it rolls out.`, path: 'type' };
  }
  if (payload.runId !== undefined && !change.rollouts.some((r) => r.runId === payload.runId)) {
    return { rule: 'unknown_rollout', message: `This change has no rollout ${payload.runId}.`, path: 'payload.runId' };
  }
  return null;
}
