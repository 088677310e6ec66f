/**
 * Folds the change events into a ticket (called by the ticket fold for their types). Never refuses:
 * merged events from other devices are applied in order; what a person may do is checked before an event
 * is written (./approval.ts). Replaces `change` instead of mutating it, so folds never share state.
 */
import type { EventOf } from '../tickets/events';
import type { Ticket } from '../tickets/model';
import type { ChangeEventType } from './events';
import { needsApproval } from './approval';

type ChangeEvent = EventOf<ChangeEventType>;

export function applyChangeEvent(t: Ticket, event: ChangeEvent): void {
  const change = t.change;
  if (event.type === 'change_planned') {
    const record = event.payload.record;
    const pending = { state: needsApproval(record) ? 'pending' : 'not_needed', by: null, level: null, at: null, eventId: null, reason: null } as const;
    t.change = { record, plannedAt: event.hlc, plannedBy: event.actor, approval: pending, rollouts: change?.rollouts ?? [] };
    return;
  }
  if (!change) return;
  switch (event.type) {
    case 'change_approved':
    case 'change_rejected': {
      if (change.approval.state === 'not_needed') return;
      const approved = event.type === 'change_approved';
      const reason = approved ? (event.payload.note ?? null) : event.payload.reason;
      t.change = { ...change, approval: { state: approved ? 'approved' : 'rejected', by: event.actor, level: event.payload.level, at: event.hlc, eventId: event.id, reason } };
      return;
    }
    case 'rollout_started': {
      const p = event.payload;
      const rollout = { runId: p.runId, startedAt: event.hlc, startedBy: event.actor, hosts: p.hosts, waveSize: p.waveSize, failureThreshold: p.failureThreshold, outcome: null, endedAt: null, reason: null, results: [] };
      t.change = { ...change, rollouts: [...change.rollouts, rollout] };
      return;
    }
    case 'rollout_host_recorded': {
      const { runId, ...result } = event.payload;
      t.change = { ...change, rollouts: change.rollouts.map((r) => (r.runId === runId ? { ...r, results: [...r.results, { eventId: event.id, at: event.hlc, runId, ...result }] } : r)) };
      return;
    }
    case 'rollout_ended': {
      const { runId, outcome, reason } = event.payload;
      t.change = { ...change, rollouts: change.rollouts.map((r) => (r.runId === runId ? { ...r, outcome, reason, endedAt: event.hlc } : r)) };
      return;
    }
  }
}
