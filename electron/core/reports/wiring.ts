import type { CallName } from '../../../shared/contract';
import { AtelierError } from '../../../shared/contract/errors';
import type { reportCalls } from '../../../shared/contract/reports';
import { procedureFromTicket } from '../../../shared/kb';
import { ASCIICAST_MIME, commandsOfRecordings } from '../../../shared/ssh';
import type { Database } from '../db/open';
import type { Handlers } from '../dispatch';
import type { JobRunner } from '../jobs';
import { KbStore } from '../kb/store';
import { similarTickets } from '../kb/related';
import { ticketRef } from '../tickets/projection';
import type { TicketService } from '../tickets/service';
import { BlobStore } from './blobs';
import { IncidentReports, type StoredReport } from './incident';
import { indicatorsCsvExport, indicatorsFromStore } from './indicators';
import { Problems, problemCandidates } from './problems';

type ReportCallName = keyof typeof reportCalls & CallName;
export type ReportHandlers = Pick<Handlers, ReportCallName>;

export interface ReportWiring {
  readonly reports: IncidentReports;
  readonly kb: KbStore;
  readonly problems: Problems;
  readonly blobs: BlobStore;
  readonly handlers: ReportHandlers;
}

/** Indicators, incident reports, knowledge base and problem records of one core. */
export function createReportWiring(deps: { db: Database; jobs: JobRunner; tickets: TicketService; actor: () => string }): ReportWiring {
  const { db, jobs, tickets, actor } = deps;
  const blobs = new BlobStore(db);
  const reports = new IncidentReports(db, tickets, blobs);
  const kb = new KbStore(db, tickets.store.clock, actor);
  const problems = new Problems(db, tickets);
  // Finished report jobs, kept for the renderer to read once (bounded: the oldest go first).
  const finals = new Map<string, StoredReport>();

  const knownError = (problemId: string) => {
    const found = kb.search({ kind: 'known_error', limit: 200 }).map((s) => kb.get(s.id)).find((a) => a.ticketIds.includes(problemId));
    return found ?? null;
  };

  const handlers: ReportHandlers = {
    'reports.indicators': (filter) => indicatorsFromStore(db, filter),
    'reports.indicatorsCsv': ({ filter, lang }) => indicatorsCsvExport(db, filter, lang),
    'reports.branding': () => reports.branding(),
    'reports.setBranding': (patch) => reports.setBranding(patch),
    'reports.incidentDraft': ({ ticketId, lang }) => reports.draft(ticketId, lang),
    'reports.incidentPreview': ({ draft }) => ({ html: reports.html(draft) }),
    'reports.incidentFinalize': ({ ticketId, draft }) => {
      const holder = { jobId: '' };
      const job = jobs.start('report', async (ctx) => {
        const stored = await reports.finalize(ticketId, draft, ctx);
        finals.set(holder.jobId, stored);
        if (finals.size > 50) finals.delete(finals.keys().next().value as string);
        return stored;
      });
      holder.jobId = job.jobId;
      job.result.catch(() => undefined); // failures reach the renderer on the job.progress stream
      return { jobId: job.jobId };
    },
    'reports.finalResult': ({ jobId }) => finals.get(jobId) ?? null,
    'attachments.get': ({ hash }) => {
      const data = blobs.get(hash);
      return { base64: data.toString('base64'), size: data.byteLength };
    },

    'kb.search': (query) => kb.search(query),
    'kb.get': ({ id }) => kb.get(id),
    'kb.create': (fields) => kb.create(fields),
    'kb.edit': ({ id, changes, note }) => kb.edit(id, changes, note),
    'kb.publish': ({ id }) => kb.publish(id),
    'kb.archive': ({ id }) => kb.archive(id),
    'kb.procedureDraft': ({ ticketId, lang }) => {
      const ticket = tickets.detail(ticketId).ticket;
      if (ticket.status !== 'resolved' && ticket.status !== 'closed') throw new AtelierError('conflict', 'Only a resolved ticket can become a procedure.', 'ticketId');
      // A recording whose bytes are not on this device (synced from another) is left out, not an error.
      const recordings = ticket.attachments
        .filter((a) => a.mime === ASCIICAST_MIME && blobs.has(a.hash))
        .map((a) => ({ name: a.name, text: blobs.get(a.hash).toString('utf8') }));
      const commands = commandsOfRecordings(recordings);
      return procedureFromTicket(ticket, ticketRef(ticket.id), (id, version, stepId) => reports.stepInfo(id, version, stepId), { commands, ...(lang ? { lang } : {}) });
    },
    'kb.similarTickets': ({ ticketId, limit }) => similarTickets(db, tickets.detail(ticketId).ticket, limit),

    'problems.candidates': ({ windowDays, minCategory }) => problemCandidates(db, { windowDays, minCategory }),
    'problems.create': (input) => ({ problemId: problems.create(input) }),
    'problems.link': ({ problemId, incidentId }) => (problems.link(problemId, incidentId), { ok: true }),
    'problems.unlink': ({ problemId, incidentId }) => (problems.unlink(problemId, incidentId), { ok: true }),
    'problems.analysis': ({ problemId }) => knownError(problemId),
    'problems.saveAnalysis': ({ problemId, whys, workaround, rootCause }) => {
      const problem = tickets.detail(problemId).ticket;
      if (problem.kind !== 'problem') throw new AtelierError('invalid_input', 'Root cause analysis belongs to a problem record.', 'problemId');
      const existing = knownError(problemId);
      const body = rootCause ? rootCause : existing?.body ?? '';
      const ticketIds = [problemId, ...problem.incidentIds];
      if (existing) return kb.edit(existing.id, { whys, workaround, body, ticketIds });
      return kb.create({ title: problem.title, kind: 'known_error', category: problem.category, whys, workaround, body, ticketIds, tags: [] });
    },
    'problems.pushResolution': ({ problemId, resolution }) => problems.pushResolution(problemId, resolution),
  };

  return { reports, kb, problems, blobs, handlers };
}
