import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import { Status } from '../../shared/tickets';
import { openCore, type Core } from '../core';
import { resolveDataDir } from '../core/paths';
import { loadDemo } from '../core/tickets/demo';
import { exportTickets, importTickets } from '../core/tickets/transfer';
import { dataDirOption } from './options';

function withCore<T>(dataDir: string | undefined, run: (core: Core) => T): T {
  const core = openCore({ dataDir: resolveDataDir(dataDir) });
  try {
    return run(core);
  } finally {
    core.close();
  }
}

function formatOf(file: string, given?: string): 'csv' | 'json' {
  const format = given ?? extname(file).slice(1).toLowerCase();
  if (format !== 'csv' && format !== 'json') throw new Error(`${file}: say --format csv or json (cannot tell from the name)`);
  return format;
}

export function registerTickets(program: Command): void {
  const tickets = program.command('tickets').description('list, show, import and export tickets');

  tickets
    .command('list')
    .description('list tickets, most urgent first')
    .addOption(new Option('--status <status>', 'only this status').choices(Status.options))
    .option('--open', 'only open tickets')
    .option('--limit <n>', 'at most this many', (v) => Number(v), 100)
    .option('--json', 'one JSON document')
    .addOption(dataDirOption())
    .action((opts: { status?: Status; open?: boolean; limit: number; json?: boolean; dataDir?: string }) =>
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
    .action((id: string, opts: { json?: boolean; dataDir?: string }) =>
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
    .description('import tickets from CSV (header row) or JSON (array); nothing is imported if any row is bad')
    .addOption(new Option('--format <format>', 'csv or json (default: from the file name)').choices(['csv', 'json']))
    .option('--skip-invalid', 'import the good rows and skip the bad ones')
    .addOption(dataDirOption())
    .action((file: string, opts: { format?: 'csv' | 'json'; skipInvalid?: boolean; dataDir?: string }) => {
      const format = formatOf(file, opts.format);
      const text = readFileSync(file, 'utf8');
      const result = withCore(opts.dataDir, (core) => importTickets(core.tickets, format, text, opts.skipInvalid === true));
      for (const p of result.problems) process.stderr.write(`${file}:${p.line}:${p.column}: ${p.message}\n`);
      if (result.problems.length > 0 && !opts.skipInvalid) {
        throw new Error(`${result.problems.length} problem(s); nothing was imported (use --skip-invalid to import the good rows)`);
      }
      process.stdout.write(`imported ${result.imported} ticket(s)${result.skipped ? `, skipped ${result.skipped} bad row(s)` : ''}\n`);
    });

  tickets
    .command('export')
    .description('export every ticket as CSV or JSON')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).makeOptionMandatory())
    .option('--output <file>', 'write to this file instead of standard output')
    .addOption(dataDirOption())
    .action((opts: { format: 'csv' | 'json'; output?: string; dataDir?: string }) => {
      const text = withCore(opts.dataDir, (core) => exportTickets(core.tickets, opts.format));
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
      const core = openCore({ dataDir: resolveDataDir(opts.dataDir) });
      try {
        const { result } = core.jobs.start('demo', (ctx) => loadDemo(core.tickets.store, ctx, opts.count, opts.seed));
        const { tickets: count } = await result;
        process.stdout.write(`loaded ${count} demo tickets into ${core.dataDir}\n`);
      } finally {
        core.close();
      }
    });
}
