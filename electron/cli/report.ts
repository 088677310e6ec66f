import { writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { Option, type Command } from 'commander';
import { dataDirOption } from './options';
import { openStoreAt } from './store';

interface ReportOptions {
  pdf?: string;
  html?: string;
  lang?: 'fr' | 'en';
  attach?: boolean;
  dataDir?: string;
}

/** `atelier report TICKET --pdf FILE [--html FILE]`: the end-user incident report of a resolved ticket. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write the incident report of a resolved ticket as PDF and/or HTML (PDF needs Chromium)')
    .argument('<ticket>', 'ticket id or reference (T-1A2B3C)')
    .option('--pdf <file>', 'write the report as PDF')
    .option('--html <file>', 'write the report as HTML')
    .addOption(new Option('--lang <lang>', 'language of the report (default: the requester\'s, guessed from the ticket)').choices(['fr', 'en']))
    .option('--attach', 'also store the report on the ticket as attachments (recorded as events)')
    .addOption(dataDirOption())
    .action(async (ticket: string, opts: ReportOptions) => {
      if (!opts.pdf && !opts.html) {
        const { AtelierError } = await import('../../shared/contract/errors');
        throw new AtelierError('invalid_input', 'give --pdf FILE and/or --html FILE', 'pdf');
      }
      const [{ BlobStore }, { IncidentReports }, { htmlToPdf }, { SettingsService }, { StreamBus }, { TicketService }] = await Promise.all([
        import('../core/reports/blobs'),
        import('../core/reports/incident'),
        import('../core/reports/pdf'),
        import('../core/settings'),
        import('../core/streams'),
        import('../core/tickets/service'),
      ]);
      const db = await openStoreAt(opts.dataDir);
      try {
        const settings = new SettingsService(db, new StreamBus());
        const tickets = new TicketService(db, () => settings.get().technician || safeUser());
        const id = (db.prepare('SELECT id FROM tickets WHERE id = ? OR ref = ? LIMIT 1').pluck().get(ticket, ticket.toUpperCase()) as string | undefined) ?? ticket;
        const reports = new IncidentReports(db, tickets, new BlobStore(db));
        const draft = reports.draft(id, opts.lang);
        const html = reports.html(draft);
        if (opts.html) await writeFile(opts.html, html, 'utf8');
        if (opts.pdf) await writeFile(opts.pdf, await htmlToPdf(html));
        if (opts.attach) await reports.finalize(id, draft);
        process.stdout.write(`${draft.ref}: ${[opts.pdf, opts.html].filter(Boolean).join(', ')} (${draft.lang})\n`);
      } finally {
        db.close();
      }
    });
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'technician';
  }
}
