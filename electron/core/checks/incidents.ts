import { checkIncidentHeadline, incidentCategory, FLAP_CHANGES, FLAP_WINDOW, flapState, incidentStep, type CheckDefinition, type PlanDocument } from '../../../shared/checks';
import { ROOT_CAUSE_UNKNOWN } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { TicketService } from '../tickets/service';
import type { StoredReading } from './readings';

export interface IncidentChange {
  readonly host: string;
  readonly checkId: string;
  readonly ticketId: string;
  readonly change: 'opened' | 'added' | 'resolved' | 'flapping';
}

interface Row {
  ticket_id: string | null;
  passes: number;
  failures: number;
}

const OPEN = new Set(['new', 'assigned', 'in_progress', 'pending']);

function describe(r: StoredReading): string {
  return `${new Date(r.atMs).toISOString()}  ${r.status}${r.value !== null ? `  ${r.value}` : ''}${r.detail ? `  (${r.detail})` : ''}`;
}

/**
 * Alerts as tickets: a failing host x check owns at most one open incident, made and updated through the
 * ordinary ticket service (so it syncs and counts like any other). The rule of what a result does is
 * shared/checks/incidents.ts; this keeps its state and writes the events.
 */
export class IncidentKeeper {
  constructor(
    private readonly db: Database,
    private readonly tickets: TicketService,
  ) {}

  /** The open incident of a host x check, if any. */
  openTicket(host: string, checkId: string): string | null {
    return this.state(host, checkId).ticket_id;
  }

  /**
   * One write transaction from reading the state to the ticket's event: the app and a cron round never both open one.
   * `history` is the series' latest readings, newest first, the new one included (FLAP_WINDOW + 1 of them tell a new flap).
   */
  apply(plan: PlanDocument, check: CheckDefinition, reading: StoredReading, history: readonly StoredReading[]): IncidentChange | null {
    return this.db.transaction(() => this.step(plan, check, reading, history)).immediate();
  }

  private step(plan: PlanDocument, check: CheckDefinition, reading: StoredReading, history: readonly StoredReading[]): IncidentChange | null {
    const { host } = reading;
    const row = this.state(host, check.id);
    const flap = flapState(history.length > 0 ? history.map((r) => r.status) : [reading.status]);
    const step = incidentStep({ ticketId: row.ticket_id, passes: row.passes }, reading.status, plan.resolve_after, flap.flapping);
    const flapNote = `Flapping: ${check.id} changed between failing and not failing more than ${FLAP_CHANGES} times in its last ${FLAP_WINDOW} readings on ${host}. This incident stays open until the check settles.`;
    const save = (ticketId: string | null, passes: number, failures: number, openedMs?: number) =>
      this.db
        .prepare(
          `INSERT INTO check_incidents (host, check_id, ticket_id, passes, failures, opened_ms) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (host, check_id) DO UPDATE SET ticket_id = excluded.ticket_id, passes = excluded.passes, failures = excluded.failures,
             opened_ms = COALESCE(excluded.opened_ms, check_incidents.opened_ms)`,
        )
        .run(host, check.id, ticketId, passes, failures, openedMs ?? null);
    const title = `${host}: ${check.title.en} / ${check.title.fr}`;
    switch (step.kind) {
      case 'open': {
        const lines = history.length > 0 ? history.map(describe) : [describe(reading)];
        const category = incidentCategory(check.probe);
        const detail = this.tickets.create({
          kind: 'incident',
          title: title.slice(0, 200),
          description: [checkIncidentHeadline({ planId: plan.id, planVersion: plan.version, checkId: check.id, probe: check.probe, host }), ...(flap.flapping ? ['', flapNote] : []), '', 'Readings:', ...lines].join('\n'),
          ...(host !== 'local' ? { asset: host } : {}),
          // The category is what the ticket's checklist panel suggests the matching checklist by.
          ...(category ? { category } : {}),
          impact: 2,
          urgency: 2,
        });
        save(detail.ticket.id, 0, 1, reading.atMs);
        return { host, checkId: check.id, ticketId: detail.ticket.id, change: 'opened' };
      }
      case 'add':
        // A flapping check says so once, then its flips stop adding comments until it settles.
        if (flap.started) this.comment(row.ticket_id!, flapNote);
        else if (!flap.flapping) this.comment(row.ticket_id!, `Still failing: ${describe(reading)}`);
        save(row.ticket_id, 0, row.failures + 1);
        return { host, checkId: check.id, ticketId: row.ticket_id!, change: flap.started ? 'flapping' : 'added' };
      case 'resolve':
        this.tickets.act({
          ticketId: row.ticket_id!,
          type: 'resolved',
          payload: {
            resolution: {
              text: `Resolved by itself: ${check.id} passed ${plan.resolve_after} times in a row on ${host} (last: ${describe(reading)}).`,
              rootCause: ROOT_CAUSE_UNKNOWN,
            },
          },
        });
        save(null, 0, 0);
        return { host, checkId: check.id, ticketId: row.ticket_id!, change: 'resolved' };
      case 'count':
        save(row.ticket_id, step.passes, row.failures);
        if (!flap.started) return null;
        this.comment(row.ticket_id!, flapNote);
        return { host, checkId: check.id, ticketId: row.ticket_id!, change: 'flapping' };
      case 'none':
        return null;
    }
  }

  private comment(ticketId: string, text: string): void {
    this.tickets.act({ ticketId, type: 'comment_added', payload: { text, internal: true } });
  }

  /** The stored state; an incident someone resolved or closed by hand no longer counts as open. */
  private state(host: string, checkId: string): Row {
    const row = this.db.prepare('SELECT ticket_id, passes, failures FROM check_incidents WHERE host = ? AND check_id = ?').get(host, checkId) as Row | undefined;
    if (!row?.ticket_id) return { ticket_id: null, passes: 0, failures: 0 };
    const ticket = this.tickets.store.ticket(row.ticket_id);
    return ticket && OPEN.has(ticket.status) ? row : { ticket_id: null, passes: 0, failures: 0 };
  }
}
