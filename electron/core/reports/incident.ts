import { AtelierError } from '../../../shared/contract';
import type { Language } from '../../../shared/contract/app';
import type { InventorySnapshot } from '../../../shared/inventory';
import {
  DEFAULT_BRANDING,
  draftIncidentReport,
  IncidentReportDraft,
  renderIncidentReport,
  ReportBranding,
  stepInfoOf,
  type StepInfo,
} from '../../../shared/reports';
import type { Ticket } from '../../../shared/tickets';
import { ChecklistStore } from '../checklists/store';
import type { Database } from '../db/open';
import { readStored, writeStored } from '../db/stored-values';
import { InventoryStore } from '../inventory/store';
import type { JobContext } from '../jobs';
import { ticketRef } from '../tickets/projection';
import type { TicketService } from '../tickets/service';
import { attachToTicket, type BlobStore } from './blobs';
import { htmlToPdf } from './pdf';

const BRANDING_KEY = 'report.branding';

export interface StoredReport {
  html: { hash: string; name: string; size: number };
  pdf: { hash: string; name: string; size: number } | null;
  /** Why there is no PDF (Chromium missing), when there is none. */
  pdfError?: string;
}

/** End-user incident reports: draft from a resolved ticket, preview, and the final HTML + PDF on the ticket. */
export class IncidentReports {
  private readonly checklists: ChecklistStore;
  private readonly inventory: InventoryStore;

  constructor(
    private readonly db: Database,
    private readonly tickets: TicketService,
    private readonly blobs: BlobStore,
    private readonly print: (html: string, signal?: AbortSignal) => Promise<Buffer> = (html, signal) => htmlToPdf(html, signal ? { signal } : {}),
  ) {
    this.checklists = new ChecklistStore(db);
    this.inventory = new InventoryStore(db);
  }

  branding(): ReportBranding {
    const stored = readStored(this.db, BRANDING_KEY);
    const parsed = stored ? ReportBranding.safeParse({ ...DEFAULT_BRANDING, ...(stored as object) }) : null;
    return parsed?.success ? parsed.data : { ...DEFAULT_BRANDING };
  }

  setBranding(patch: Partial<ReportBranding>): ReportBranding {
    const next = ReportBranding.parse({ ...this.branding(), ...patch });
    writeStored(this.db, BRANDING_KEY, next);
    return next;
  }

  draft(ticketId: string, lang?: Language): IncidentReportDraft {
    const ticket = this.resolvedTicket(ticketId);
    const resolver = this.tickets.store.history(ticketId).findLast((s) => s.event.type === 'resolved')?.event.actor ?? null;
    return draftIncidentReport({
      ticket,
      ref: ticketRef(ticket.id),
      technician: resolver,
      step: (id, version, stepId) => this.stepInfo(id, version, stepId),
      snapshots: this.snapshots(ticket),
      ...(lang ? { lang } : {}),
    });
  }

  html(draft: IncidentReportDraft, issuedMs = Date.now()): string {
    return renderIncidentReport(IncidentReportDraft.parse(draft), this.branding(), { issuedMs });
  }

  /** Renders, prints and attaches the report to the ticket (one attachment_added event per file). */
  async finalize(ticketId: string, draft: IncidentReportDraft, ctx?: Pick<JobContext, 'progress' | 'signal' | 'throwIfCancelled'>): Promise<StoredReport> {
    this.resolvedTicket(ticketId);
    const html = this.html(draft);
    ctx?.progress(1, 3, 'html');
    let pdf: Buffer | null = null;
    let pdfError: string | undefined;
    try {
      pdf = await this.print(html, ctx?.signal);
    } catch (error) {
      if (error instanceof AtelierError && error.code === 'cancelled') throw error;
      pdfError = error instanceof Error ? error.message : String(error);
    }
    ctx?.throwIfCancelled();
    ctx?.progress(2, 3, 'pdf');
    const base = `${draft.lang === 'fr' ? 'rapport' : 'report'}-${draft.ref}`;
    const stored = this.db.transaction(() => {
      const attach = (data: Uint8Array, name: string, mime: string) => attachToTicket(this.blobs, this.tickets, ticketId, { name, mime, data }).stored;
      return {
        html: attach(Buffer.from(html, 'utf8'), `${base}.html`, 'text/html'),
        pdf: pdf ? attach(pdf, `${base}.pdf`, 'application/pdf') : null,
      };
    })();
    ctx?.progress(3, 3, 'stored');
    return pdfError ? { ...stored, pdfError } : stored;
  }

  private resolvedTicket(ticketId: string): Ticket {
    const ticket = this.tickets.detail(ticketId).ticket;
    if (ticket.status !== 'resolved' && ticket.status !== 'closed') {
      throw new AtelierError('conflict', 'An incident report is made from a resolved or closed ticket: resolve it first.', 'ticketId');
    }
    return ticket;
  }

  stepInfo(id: string, version: number, stepId: string): StepInfo | undefined {
    try {
      return stepInfoOf(this.checklists.get(id, version), stepId);
    } catch {
      return undefined;
    }
  }

  private snapshots(ticket: Ticket): InventorySnapshot[] {
    const out: InventorySnapshot[] = [];
    for (const link of ticket.inventory) {
      try {
        out.push(this.inventory.get(link.snapshotId));
      } catch {
        // a snapshot made on another device and not synced yet: the report goes without it
      }
    }
    return out.slice(-1);
  }
}
