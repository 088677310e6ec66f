/** Reports, indicators, knowledge base and problem records: the calls of issue 8. */
import { z } from 'zod';
import { IndicatorFilter, Indicators } from '../indicators';
import { Article, ArticleFields, ArticleId, ArticleKind, ArticleStatus } from '../kb';
import { IncidentReportDraft, ReportBranding } from '../reports';
import { CategoryPath, ContentHash, Resolution, TicketId } from '../tickets';
import { Language } from './app';
import { call } from './define';

const ok = z.object({ ok: z.literal(true) });
const Stored = z.object({ hash: ContentHash, name: z.string(), size: z.int() });

export const ArticleSummary = z.object({
  id: ArticleId,
  title: z.string(),
  kind: ArticleKind,
  category: z.string().nullable(),
  status: ArticleStatus,
  author: z.string(),
  version: z.int(),
  updatedMs: z.number(),
  tags: z.array(z.string()),
  snippet: z.string().optional(),
  /** Changed on this device and not yet on the team hub. */
  unsynced: z.boolean(),
});
export type ArticleSummary = z.infer<typeof ArticleSummary>;

export const SimilarTicket = z.object({
  id: TicketId,
  ref: z.string(),
  title: z.string(),
  status: z.string(),
  category: z.string().nullable(),
  createdMs: z.number(),
  resolution: z.string().nullable(),
  shared: z.int(),
  /** Why it was chosen: its category beside the ticket's (same, or the same parent), the keywords in common. */
  why: z.object({ category: z.enum(['same', 'parent']).nullable(), words: z.array(z.string()) }),
});
export type SimilarTicket = z.infer<typeof SimilarTicket>;

export const CandidateReason = z.enum(['asset', 'category', 'text', 'model', 'bios', 'disk_firmware']);
export const ProblemCandidate = z.object({
  reasons: z.array(z.object({ reason: CandidateReason, key: z.string() })),
  tickets: z.array(z.object({ id: TicketId, ref: z.string(), title: z.string(), status: z.string(), asset: z.string().nullable(), createdMs: z.number() })),
});
export type ProblemCandidate = z.infer<typeof ProblemCandidate>;

export const reportCalls = {
  'reports.indicators': call(IndicatorFilter, Indicators),
  'reports.indicatorsCsv': call(z.object({ filter: IndicatorFilter, lang: Language }).strict(), z.object({ csv: z.string(), fileName: z.string() })),
  'reports.branding': call(z.object({}).strict(), ReportBranding),
  'reports.setBranding': call(ReportBranding.partial().strict(), ReportBranding),
  'reports.incidentDraft': call(z.object({ ticketId: TicketId, lang: Language.optional() }).strict(), IncidentReportDraft),
  'reports.incidentPreview': call(z.object({ draft: IncidentReportDraft }).strict(), z.object({ html: z.string() })),
  /** A job: renders, prints (Chromium) and attaches the HTML and PDF to the ticket; see reports.lastFinal. */
  'reports.incidentFinalize': call(z.object({ ticketId: TicketId, draft: IncidentReportDraft }).strict(), z.object({ jobId: z.string() })),
  'reports.finalResult': call(
    z.object({ jobId: z.string() }).strict(),
    z.object({ html: Stored, pdf: Stored.nullable(), pdfError: z.string().optional() }).nullable(),
  ),
  'attachments.get': call(z.object({ hash: ContentHash }).strict(), z.object({ base64: z.string(), size: z.int() })),

  'kb.search': call(
    z.object({ text: z.string().max(500).optional(), category: CategoryPath.optional(), kind: ArticleKind.optional(), status: ArticleStatus.optional(), limit: z.int().min(1).max(200).optional() }).strict(),
    z.array(ArticleSummary),
  ),
  'kb.get': call(z.object({ id: ArticleId }).strict(), Article),
  'kb.create': call(ArticleFields.partial().required({ title: true, kind: true }).strict(), Article),
  'kb.edit': call(z.object({ id: ArticleId, changes: ArticleFields.partial().strict(), note: z.string().max(2_000).optional() }).strict(), Article),
  'kb.publish': call(z.object({ id: ArticleId }).strict(), Article),
  'kb.archive': call(z.object({ id: ArticleId }).strict(), Article),
  /** Drafts an article from a resolved ticket (checklist path, readings, resolution); not saved until kb.create. */
  'kb.procedureDraft': call(z.object({ ticketId: TicketId, lang: Language.optional() }).strict(), ArticleFields.pick({ title: true, body: true, kind: true, category: true, tags: true, checklistIds: true, ticketIds: true })),
  'kb.similarTickets': call(z.object({ ticketId: TicketId, limit: z.int().min(1).max(50).optional() }).strict(), z.array(SimilarTicket)),

  'problems.candidates': call(z.object({ windowDays: z.int().min(1).max(365).default(30), minCategory: z.int().min(2).max(100).default(3) }).strict(), z.array(ProblemCandidate)),
  'problems.create': call(
    z.object({ title: z.string().trim().min(1).max(200), description: z.string().max(50_000).optional(), category: CategoryPath.optional(), incidentIds: z.array(TicketId).min(1).max(500) }).strict(),
    z.object({ problemId: TicketId }),
  ),
  'problems.link': call(z.object({ problemId: TicketId, incidentId: TicketId }).strict(), ok),
  'problems.unlink': call(z.object({ problemId: TicketId, incidentId: TicketId }).strict(), ok),
  /** The known-error article of a problem (root cause analysis and workaround), null before one is written. */
  'problems.analysis': call(z.object({ problemId: TicketId }).strict(), Article.nullable()),
  'problems.saveAnalysis': call(
    z.object({ problemId: TicketId, whys: z.array(z.string().trim().max(1_000)).max(10), workaround: z.string().max(20_000), rootCause: z.string().max(2_000).default('') }).strict(),
    Article,
  ),
  'problems.pushResolution': call(z.object({ problemId: TicketId, resolution: Resolution }).strict(), z.object({ resolved: z.array(TicketId), skipped: z.array(TicketId) })),
};
