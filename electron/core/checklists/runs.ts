import { v7 as uuidv7 } from 'uuid';
import {
  conclusionEffect,
  replay,
  RunError,
  type ChecklistDocument,
  type LocalizedText,
  type ProbeStep,
  type RecordedStep,
  type RunState,
  type Step,
} from '../../../shared/checklists';
import type { ChecklistRun, RunAction, RunSummary } from '../../../shared/contract/checklists';
import { AtelierError } from '../../../shared/contract/errors';
import type { TicketDetail } from '../../../shared/contract/tickets';
import { hlcWallMs, type ChecklistRunMark, type EventOf, type Ticket } from '../../../shared/tickets';
import type { Database } from '../db/open';
import type { TicketService } from '../tickets/service';
import type { ChecklistStore } from './store';

/** Raw probe output kept in the ticket event (the full output can be 64 KiB; events travel to the hub). */
const MAX_RAW_IN_EVENT = 16 * 1024;
const MAX_READING_TEXT = 2_000;

type StepEvent = EventOf<'checklist_step_recorded'>;
type Lang = 'fr' | 'en';

interface RunLog {
  readonly start: StepEvent;
  readonly records: RecordedStep[];
  readonly applied: boolean;
}

/** What a run's replay gives, with the records that still fit (two devices may have answered the same step). */
interface Replayed {
  readonly doc: ChecklistDocument;
  readonly state: RunState;
  readonly records: RecordedStep[];
  readonly ignored: number;
  readonly log: RunLog;
}

/**
 * Wizard runs kept as ticket events: a `start` mark, then one event per answer, instruction outcome,
 * probe reading, skip or step back, then an `applied` mark. The state is always replayed from those events
 * over the run's pinned checklist version, so a run resumes after a restart and merges like any event.
 */
export class RunBook {
  constructor(
    private readonly db: Database,
    private readonly tickets: TicketService,
    private readonly checklists: ChecklistStore,
    private readonly probeTarget: (ticket: Ticket) => ChecklistRun['probeTarget'],
  ) {}

  start(ticketId: string, checklistId: string, version?: number): ChecklistRun {
    const doc = this.checklists.get(checklistId, version);
    const runId = uuidv7();
    this.append(ticketId, { checklistId: doc.id, checklistVersion: doc.version, stepId: doc.start, outcome: 'info', runId, mark: { kind: 'start' }, label: doc.title });
    return this.view(ticketId, runId);
  }

  runs(ticketId: string): RunSummary[] {
    const byRun = new Map<string, StepEvent[]>();
    for (const event of this.checklistEvents(ticketId)) {
      const runId = event.payload.runId;
      if (runId) byRun.set(runId, [...(byRun.get(runId) ?? []), event]);
    }
    const out: RunSummary[] = [];
    for (const runId of byRun.keys()) {
      try {
        const { doc, state, log } = this.replayed(ticketId, runId);
        out.push({ runId, checklistId: doc.id, version: doc.version, title: doc.title, steps: state.path.length, finished: state.conclusion !== undefined, applied: log.applied, startedAt: hlcWallMs(log.start.hlc) });
      } catch {
        // A run whose checklist version is not stored here (made on another device) is listed nowhere until imported.
      }
    }
    return out.sort((a, b) => b.startedAt - a.startedAt);
  }

  view(ticketId: string, runId: string): ChecklistRun {
    const { doc, state, ignored, log } = this.replayed(ticketId, runId);
    const ticket = this.ticket(ticketId);
    return {
      runId,
      ticketId,
      checklistId: doc.id,
      version: doc.version,
      document: doc,
      path: state.path.map((visit) => ({ stepId: visit.step.id, record: visit.record, next: visit.next })),
      currentStepId: state.current.id,
      finished: state.conclusion !== undefined,
      applied: log.applied,
      startedAt: hlcWallMs(log.start.hlc),
      startedBy: log.start.actor,
      probeTarget: this.probeTarget(ticket),
      ignored,
    };
  }

  /** The probe step the run is on, or a clear error. */
  currentProbe(ticketId: string, runId: string): ProbeStep {
    const { state, log } = this.replayed(ticketId, runId);
    if (log.applied) throw new AtelierError('conflict', 'This run is finished and applied.', 'runId');
    if (state.current.kind !== 'probe') throw new AtelierError('conflict', `The current step "${state.current.id}" is not a probe.`, 'runId');
    return state.current;
  }

  act(ticketId: string, runId: string, action: RunAction): ChecklistRun {
    const { doc, state, records, log } = this.replayed(ticketId, runId);
    if (log.applied) throw new AtelierError('conflict', 'This run is finished and applied: start a new run to change it.', 'runId');
    if (action.kind === 'back') {
      const last = state.path.at(-1);
      if (!last) throw new AtelierError('invalid_input', 'Nothing to go back to: this is the first step.', 'action');
      this.append(ticketId, { ...this.base(doc, runId, last.step.id), outcome: 'info', mark: { kind: 'back' } });
      return this.view(ticketId, runId);
    }
    const step = state.current;
    const record = toRecord(step, action);
    checkFits(doc, records, record);
    this.append(ticketId, { ...this.base(doc, runId, step.id), ...describe(step, record) });
    return this.view(ticketId, runId);
  }

  /** Records a probe's reading (from the job); refused when the run moved on meanwhile. */
  recordProbe(ticketId: string, runId: string, record: Extract<RecordedStep, { kind: 'probe' }>): ChecklistRun {
    const { doc, state, records } = this.replayed(ticketId, runId);
    if (state.current.id !== record.stepId) throw new AtelierError('conflict', `The run moved on from "${record.stepId}" while the probe ran; run it again.`, 'runId');
    const kept = record.raw !== undefined && record.raw.length > MAX_RAW_IN_EVENT ? { ...record, raw: `${record.raw.slice(0, MAX_RAW_IN_EVENT)}\n[cut]` } : record;
    checkFits(doc, records, kept);
    this.append(ticketId, { ...this.base(doc, runId, record.stepId), ...describe(state.current, kept) });
    return this.view(ticketId, runId);
  }

  /**
   * Applies the conclusion in one transaction: category, escalation with its reason, then resolution (root
   * cause = the diagnosis) or, when the conclusion does not resolve, the recommendation as a comment.
   */
  apply(ticketId: string, runId: string, lang: Lang, note?: string): TicketDetail {
    const { doc, state, log } = this.replayed(ticketId, runId);
    if (log.applied) throw new AtelierError('conflict', 'This conclusion was already applied to the ticket.', 'runId');
    const conclusion = state.conclusion;
    if (!conclusion) throw new AtelierError('conflict', 'The run has not reached a conclusion yet.', 'runId');
    this.db.transaction(() => {
      const ticket = this.ticket(ticketId);
      const act = (type: Parameters<TicketService['act']>[0]['type'], payload: unknown) => this.tickets.act({ ticketId, type, payload } as Parameters<TicketService['act']>[0]);
      const effect = conclusionEffect(ticket, conclusion);
      if (effect.category) act('field_changed', { changes: { category: effect.category } });
      const diagnosis = conclusion.diagnosis[lang];
      const extra = note?.trim() ? `\n${note.trim()}` : '';
      if (effect.escalateTo) act('escalated', { toLevel: effect.escalateTo, reason: `${conclusion.escalation_reason?.[lang] ?? diagnosis}\n${diagnosis}${extra}` });
      if (effect.resolves) {
        act('resolved', { resolution: { text: `${conclusion.resolution[lang]}${extra}`, rootCause: diagnosis } });
      } else {
        act('comment_added', { text: `${diagnosis}\n${conclusion.resolution[lang]}${extra}`, internal: false });
      }
      this.append(ticketId, { ...this.base(doc, runId, conclusion.id), outcome: 'info', mark: { kind: 'applied' }, label: conclusion.diagnosis });
    })();
    return this.tickets.detail(ticketId);
  }

  private base(doc: ChecklistDocument, runId: string, stepId: string) {
    return { checklistId: doc.id, checklistVersion: doc.version, stepId, runId };
  }

  private append(ticketId: string, payload: StepEvent['payload']): void {
    this.tickets.act({ ticketId, type: 'checklist_step_recorded', payload });
  }

  private ticket(ticketId: string): Ticket {
    return this.tickets.detail(ticketId).ticket;
  }

  private checklistEvents(ticketId: string): StepEvent[] {
    this.ticket(ticketId);
    return this.tickets.store
      .history(ticketId)
      .map((stored) => stored.event)
      .filter((event): event is StepEvent => event.type === 'checklist_step_recorded');
  }

  private replayed(ticketId: string, runId: string): Replayed {
    const events = this.checklistEvents(ticketId).filter((event) => event.payload.runId === runId);
    const start = events.find((event) => event.payload.mark?.kind === 'start');
    if (!start) throw new AtelierError('not_found', `No checklist run ${runId} on this ticket.`, 'runId');
    const doc = this.checklists.get(start.payload.checklistId, start.payload.checklistVersion);
    const marks = events.map((event) => event.payload.mark).filter((mark): mark is ChecklistRunMark => mark !== undefined);
    const log: RunLog = {
      start,
      records: marks.filter((mark): mark is RecordedStep => mark.kind !== 'start' && mark.kind !== 'applied'),
      applied: marks.some((mark) => mark.kind === 'applied'),
    };
    // Keep every record that fits in merged order; one that no longer fits is kept in the log, not replayed.
    const records: RecordedStep[] = [];
    let ignored = 0;
    for (const record of log.records) {
      try {
        replay(doc, [...records, record]);
        records.push(record);
      } catch (error) {
        if (!(error instanceof RunError)) throw error;
        ignored++;
      }
    }
    return { doc, state: replay(doc, records), records, ignored, log };
  }
}

function toRecord(step: Step, action: Exclude<RunAction, { kind: 'back' }>): RecordedStep {
  switch (action.kind) {
    case 'answer':
      return { kind: 'answer', stepId: step.id, answer: action.answer };
    case 'instruction':
      return { kind: 'instruction', stepId: step.id, outcome: action.outcome };
    case 'skip':
      return { kind: 'skipped', stepId: step.id, reason: action.reason, ...(action.via === undefined ? {} : { via: action.via }) };
  }
}

function checkFits(doc: ChecklistDocument, records: readonly RecordedStep[], record: RecordedStep): void {
  try {
    replay(doc, [...records, record]);
  } catch (error) {
    if (error instanceof RunError) throw new AtelierError('invalid_input', error.message.replace(/^record \d+: /, ''), 'action');
    throw error;
  }
}

/** The outcome, label and reading text a record shows in the ticket's timeline. */
function describe(step: Step, record: RecordedStep): { outcome: StepEvent['payload']['outcome']; mark: RecordedStep; label?: LocalizedText; reading?: string; note?: string } {
  switch (record.kind) {
    case 'answer': {
      const label = step.kind === 'question' ? step.answers[record.answer]?.label : undefined;
      return { outcome: 'info', mark: record, ...(label ? { label } : {}) };
    }
    case 'instruction':
      return { outcome: record.outcome === 'done' ? 'pass' : 'fail', mark: record };
    case 'skipped':
      return { outcome: 'skipped', mark: record, note: record.reason };
    case 'probe':
      return { outcome: record.result === 'unavailable' ? 'info' : record.result, mark: record, reading: readingText(record.reading) };
    case 'back':
      return { outcome: 'info', mark: record };
  }
}

/** `free_percent=3.2, mount=/` or `not available: smartctl is not installed`, bounded. */
export function readingText(reading: Extract<RecordedStep, { kind: 'probe' }>['reading']): string {
  if (reading.available === false) return `not available: ${reading.reason}`.slice(0, MAX_READING_TEXT);
  const parts: string[] = [];
  for (const [key, value] of Object.entries(reading)) {
    if (key === 'available' || value === null || value === undefined) continue;
    parts.push(`${key}=${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
  }
  return parts.join(', ').slice(0, MAX_READING_TEXT);
}


/** The level to escalate to, or null when the ticket is already there (or the conclusion does not escalate). */
