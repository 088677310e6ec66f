import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { ColumnMapping } from '../../shared/import/mapping';
import { STATUSES } from '../../shared/tickets/statuses';
import type { Status } from '../../shared/tickets';
import type { Core } from '../core';
import { dataDirOption } from './options';
import { openCoreAt } from './store';

async function withCore<T>(dataDir: string | undefined, run: (core: Core) => T | Promise<T>): Promise<T> {
  const core = await openCoreAt(dataDir);
  try {
    return await run(core);
  } finally {
    core.close();
  }
}

interface ImportOptions {
  from?: 'glpi' | 'zendesk' | 'generic';
  map?: string;
  encoding?: 'utf-8' | 'windows-1252' | 'latin1';
  separator?: ';' | ',' | 'tab';
  showMap?: boolean;
  format?: 'csv' | 'json';
  skipInvalid?: boolean;
  dataDir?: string;
}

/** A mapping file, checked before anything is read from the store. */
async function readMapping(file: string): Promise<ColumnMapping> {
  const { ColumnMapping } = await import('../../shared/import/mapping');
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a JSON mapping (${(error as Error).message})`);
  }
  const parsed = ColumnMapping.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') || 'mapping'}: ${issue?.message ?? 'not a mapping'}`);
  }
  return parsed.data;
}

export function registerTickets(program: Command): void {
  const tickets = program.command('tickets').description('list, show, import and export tickets');

  tickets
    .command('list')
    .description('list tickets, most urgent first')
    .addOption(new Option('--status <status>', 'only this status').choices(STATUSES))
    .option('--open', 'only open tickets')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 100)
    .option('--json', 'one JSON document')
    .addOption(dataDirOption())
    .action(async (opts: { status?: Status; open?: boolean; limit: number; json?: boolean; dataDir?: string }) =>
      withCore(opts.dataDir, (core) => {
        const filter = { ...(opts.status ? { statuses: [opts.status] } : {}), ...(opts.open ? { open: true } : {}) };
        const page = core.tickets.queue.page({ filter, limit: Math.min(500, Math.max(1, opts.limit)) });
        if (opts.json) return void process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
        for (const r of page.rows) {
          process.stdout.write(`${r.ref}  ${r.priority}  ${r.status.padEnd(11)}  ${r.level}  ${(r.assignee ?? '-').padEnd(16)}  ${r.title}\n`);
        }
        process.stdout.write(`${page.rows.length} of ${page.total} tickets\n`);
      }),
    );

  tickets
    .command('show <id>')
    .description('one ticket with its timeline (id or reference such as T-1A2B3C)')
    .option('--json', 'one JSON document')
    .addOption(dataDirOption())
    .action(async (id: string, opts: { json?: boolean; dataDir?: string }) =>
      withCore(opts.dataDir, (core) => {
        const detail = core.tickets.detail(core.tickets.resolveId(id));
        if (opts.json) return void process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        const t = detail.ticket;
        process.stdout.write(`${detail.ref}  ${t.priority}  ${t.status}  ${t.level}\n${t.title}\n`);
        process.stdout.write(`requester: ${t.requester ?? '-'}  site: ${t.site ?? '-'}  assignee: ${t.assignee ?? '-'}  category: ${t.category ?? '-'}\n`);
        if (t.description) process.stdout.write(`\n${t.description}\n`);
        process.stdout.write('\n');
        for (const e of detail.timeline) process.stdout.write(`${new Date(e.atMs).toISOString()}  ${e.actor}  ${e.type}${e.unsynced ? '  (not synced)' : ''}\n`);
      }),
    );

  tickets
    .command('import <file>')
    .description(
      "import tickets from Atelier's CSV or JSON, or another helpdesk's export (GLPI CSV in French or English, GLPI REST JSON, Zendesk CSV); nothing is imported if any row is bad",
    )
    .addOption(new Option('--from <source>', 'the helpdesk that wrote the file (default: recognised from its columns)').choices(['glpi', 'zendesk', 'generic']))
    .option('--map <file>', 'column mapping as JSON ({"columns": {"number": "ID", ...}, "dateOrder": "dmy"}); see --show-map')
    .addOption(new Option('--encoding <encoding>', 'text encoding (default: detected)').choices(['utf-8', 'windows-1252', 'latin1']))
    .addOption(new Option('--separator <char>', 'CSV separator (default: detected)').choices([';', ',', 'tab']))
    .option('--show-map', 'print the mapping that would be used, with the first rows as mapped, and import nothing')
    .addOption(new Option('--format <format>', 'csv or json (read from the content; kept for older scripts)').choices(['csv', 'json']))
    .option('--skip-invalid', 'import the good rows and skip the bad ones')
    .addOption(dataDirOption())
    .action(async (file: string, opts: ImportOptions) => {
      const bytes = readFileSync(file);
      const input = {
        base64: '',
        encoding: opts.encoding === 'latin1' ? 'windows-1252' : (opts.encoding ?? 'auto'),
        separator: opts.separator === 'tab' ? '\t' : (opts.separator ?? 'auto'),
        source: opts.from ?? 'auto',
        mapping: opts.map ? await readMapping(opts.map) : undefined,
      } as const;
      const { importFile, previewImport } = await import('../core/tickets/import');
      if (opts.showMap) {
        const preview = await withCore(opts.dataDir, (core) => previewImport(core.db, { ...input, base64: bytes.toString('base64') }));
        const { format, source, encoding, bom, separator, mapping, mappingFrom, unmapped, rows } = preview;
        process.stdout.write(`${JSON.stringify({ format, source, encoding, bom, separator, rows, mappingFrom, unmapped, mapping, preview: preview.preview }, null, 2)}\n`);
        for (const p of preview.problems) process.stderr.write(`${file}:${p.line}:${p.column}: ${p.message}\n`);
        return;
      }
      const result = await withCore(opts.dataDir, (core) => importFile(core.tickets, core.db, { ...input, skipInvalid: opts.skipInvalid === true }, bytes));
      for (const p of result.problems) process.stderr.write(`${file}:${p.line}:${p.column}: ${p.message}\n`);
      if (result.problems.length > 0 && !opts.skipInvalid) {
        throw new Error(`${result.problems.length} problem(s); nothing was imported (use --skip-invalid to import the good rows)`);
      }
      const notes = [result.skipped ? `skipped ${result.skipped} bad row(s)` : '', result.alreadyImported ? `${result.alreadyImported} already imported` : ''].filter(Boolean);
      process.stdout.write(`imported ${result.imported} ticket(s)${notes.length ? `, ${notes.join(', ')}` : ''}\n`);
    });

  tickets
    .command('export')
    .description('export every ticket as CSV or JSON')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).makeOptionMandatory())
    .option('--output <file>', 'write to this file instead of standard output')
    .addOption(dataDirOption())
    .action(async (opts: { format: 'csv' | 'json'; output?: string; dataDir?: string }) => {
      const { exportTickets } = await import('../core/tickets/transfer');
      const text = await withCore(opts.dataDir, (core) => exportTickets(core.tickets, opts.format));
      if (opts.output) writeFileSync(opts.output, text);
      else process.stdout.write(text);
    });

  program
    .command('seed-demo')
    .description('load the demo workspace: a few hundred realistic tickets (deterministic for a seed)')
    .option('--count <n>', 'how many tickets', (v) => Number(v), 300)
    .option('--seed <n>', 'random seed', (v) => Number(v), 42)
    .addOption(dataDirOption())
    .action(async (opts: { count: number; seed: number; dataDir?: string }) => {
      const [core, { loadDemo }] = await Promise.all([openCoreAt(opts.dataDir), import('../core/tickets/demo')]);
      try {
        const { result } = core.jobs.start('demo', (ctx) => loadDemo(core.tickets.store, ctx, opts.count, opts.seed));
        const { tickets: count } = await result;
        process.stdout.write(`loaded ${count} demo tickets into ${core.dataDir}\n`);
      } finally {
        core.close();
      }
    });
}
