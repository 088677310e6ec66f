import type { ChangeSummary, HostChange, NewChange, TemplateSummary, TicketDetail } from '../../../shared/contract';
import { AtelierError, parseOrThrow } from '../../../shared/contract';
import { NewChange as NewChangeSchema } from '../../../shared/contract/changes';
import { approverRefusal, CHANGE_TEMPLATES, ChangeRecord, chosenHostCount, findTemplate, isPreApproved, type ChangeRecordInput } from '../../../shared/changes';
import { hlcWallMs, type SupportLevel, type Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { HostStore } from '../hosts';
import type { TicketService } from '../tickets/service';
import { loadChecklistProcedure, type ChecklistSource } from './unattended';

export interface ChangeServiceDeps {
  db: Database;
  tickets: TicketService;
  /** The host book: a change's tags and sites choose hosts from it. */
  hosts: Pick<HostStore, 'list'>;
  /** The checklists a checklist procedure may name. */
  checklists: ChecklistSource;
  actor: () => string;
  /** The technician's support level (settings); null counts as N1. */
  level: () => SupportLevel | null;
}

/**
 * Change records as ticket events: the record, its approval (N2/N3 only, checked here before anything is
 * written; the hub checks the pushing user's level again) and the list the Changes view shows.
 */
export class ChangeService {
  constructor(private readonly deps: ChangeServiceDeps) {}

  templates(): TemplateSummary[] {
    return CHANGE_TEMPLATES.map((t) => ({ id: t.id, title: t.title, preApproved: t.preApproved, record: t.record }));
  }

  create(input: NewChange): TicketDetail {
    const parsed = parseOrThrow(NewChangeSchema, input);
    const record = this.checkChecklist(checkTemplate(parsed.record));
    const { tickets } = this.deps;
    const detail = tickets.create({
      kind: 'change',
      title: parsed.title,
      impact: parsed.impact,
      urgency: parsed.urgency,
      level: 'N2',
      ...(parsed.description ? { description: parsed.description } : {}),
      ...(parsed.site ? { site: parsed.site } : {}),
    });
    this.append(detail.ticket.id, 'change_planned', { record });
    return tickets.detail(detail.ticket.id);
  }

  /** A new plan; a change decided before goes back to pending (the approval was for the old plan). */
  plan(ticketId: string, record: ChangeRecordInput): TicketDetail {
    this.append(ticketId, 'change_planned', { record: this.checkChecklist(checkTemplate(parseOrThrow(ChangeRecord, record, 'record'))) });
    return this.deps.tickets.detail(ticketId);
  }

  approve(ticketId: string, note?: string): TicketDetail {
    const level = this.approverLevel();
    this.append(ticketId, 'change_approved', { level, ...(note ? { note } : {}) });
    return this.deps.tickets.detail(ticketId);
  }

  reject(ticketId: string, reason: string): TicketDetail {
    const level = this.approverLevel();
    this.append(ticketId, 'change_rejected', { level, reason });
    return this.deps.tickets.detail(ticketId);
  }

  list(): ChangeSummary[] {
    const book = this.deps.hosts.list();
    return this.changeRows().map((row) => {
      const ticket = row.ticket;
      const change = ticket.change;
      return {
        id: ticket.id,
        ref: row.ref,
        title: ticket.title,
        status: ticket.status,
        type: change?.record.type ?? null,
        risk: change?.record.risk ?? null,
        approval: change?.approval.state ?? null,
        hosts: change ? chosenHostCount(change.record, book) : 0,
        lastRollout: change?.rollouts.at(-1)?.outcome ?? null,
        updatedMs: row.updatedMs,
      };
    });
  }

  /**
   * The rollouts that reached a host, newest first, with the host's last step in each: read from the change
   * tickets' folds (each result is an event), so it syncs with them and needs no table of its own.
   */
  forHost(host: string): HostChange[] {
    const found: HostChange[] = [];
    for (const { ref, ticket } of this.changeRows()) {
      for (const rollout of ticket.change?.rollouts ?? []) {
        const last = rollout.results.filter((r) => r.host === host).at(-1);
        if (!last) continue;
        found.push({
          ticketId: ticket.id,
          ref,
          title: ticket.title,
          runId: rollout.runId,
          startedMs: hlcWallMs(rollout.startedAt),
          rollout: rollout.outcome,
          phase: last.phase,
          outcome: last.outcome,
          exitCode: last.exitCode,
          reason: last.reason,
        });
      }
    }
    return found.sort((a, b) => b.startedMs - a.startedMs);
  }

  private changeRows(): { ref: string; updatedMs: number; ticket: Ticket }[] {
    const rows = this.deps.db
      .prepare("SELECT t.ref, t.updated_ms, s.state FROM tickets t JOIN ticket_states s ON s.id = t.id WHERE t.kind = 'change' ORDER BY t.updated_ms DESC, t.id")
      .all() as { ref: string; updated_ms: number; state: string }[];
    return rows.map((row) => ({ ref: row.ref, updatedMs: row.updated_ms, ticket: JSON.parse(row.state) as Ticket }));
  }

  /** The change ticket, or a clear error when the id names no change. */
  change(ticketId: string): Ticket & { change: NonNullable<Ticket['change']> } {
    const ticket = this.deps.tickets.store.ticket(ticketId);
    if (!ticket) throw new AtelierError('not_found', `ticket ${ticketId} does not exist`, 'ticketId');
    if (ticket.kind !== 'change' || !ticket.change) throw new AtelierError('invalid_input', `ticket ${ticketId} is not a change with a record`, 'ticketId');
    return ticket as Ticket & { change: NonNullable<Ticket['change']> };
  }

  append(ticketId: string, type: Parameters<TicketService['store']['appendLocal']>[0]['type'], payload: unknown): Ticket {
    return this.deps.tickets.store.appendLocal({ ticketId, type, payload, actor: this.deps.actor() });
  }

  /** A checklist procedure names a checklist this device holds, and answers only steps it has. */
  private checkChecklist(record: ChangeRecord): ChangeRecord {
    const plan = record.procedure?.checklist;
    if (!plan) return record;
    const loaded = loadChecklistProcedure(this.deps.checklists, plan);
    if ('problem' in loaded) throw new AtelierError('invalid_input', loaded.problem, loaded.path);
    return record;
  }

  private approverLevel(): 'N2' | 'N3' {
    const level = this.deps.level();
    const refusal = approverRefusal(this.deps.actor(), level);
    if (refusal) throw new AtelierError('forbidden', refusal, 'level');
    return level as 'N2' | 'N3';
  }
}

/** A standard change must be what a pre-approved template approved: the template, and its procedure unchanged. */
function checkTemplate(record: ChangeRecord): ChangeRecord {
  if (record.type !== 'standard') return record;
  const template = record.template === null ? undefined : findTemplate(record.template);
  if (!template?.preApproved) {
    throw new AtelierError('invalid_input', `a standard change comes from a pre-approved template; "${record.template ?? ''}" is not one`, 'record.template');
  }
  if (!isPreApproved(record)) {
    throw new AtelierError(
      'invalid_input',
      `a standard change runs its template's procedure unchanged ("${template.id}" was approved as it is); a changed procedure makes it a normal change, which needs an approval`,
      'record.procedure',
    );
  }
  return record;
}
