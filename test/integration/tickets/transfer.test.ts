import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportTickets, importTickets } from '../../../electron/core/tickets/transfer';
import { runCli } from '../../setup/cli';
import { tempDir } from '../../setup/temp';
import { openDevice } from '../../setup/tickets';

const GOOD_CSV = `title,description,kind,impact,urgency,level,status,requester,site,asset,category,assignee,resolution,root_cause
Printer offline,"Says ""offline"" since 9:00",incident,2,1,N1,assigned,Claire Dubois,Lyon,PC-1201,hardware/printer,camille,,
VPN slow,,incident,3,3,N2,resolved,Emma Wilson,London,,network/vpn,,Changed MTU,MTU too high on the home router
New laptop for Hugo,,request,3,2,N1,new,Hugo Lambert,Paris 11e,,,,,
`;

describe('ticket import and export', () => {
  it('imports valid CSV rows as tickets made of ordinary events', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    const result = importTickets(service, 'csv', GOOD_CSV, false);
    expect(result).toEqual({ imported: 3, skipped: 0, problems: [] });
    const all = service.allTickets();
    expect(all.map((t) => [t.title, t.status, t.priority, t.level])).toEqual([
      ['Printer offline', 'assigned', 'P2', 'N1'],
      ['VPN slow', 'resolved', 'P5', 'N2'],
      ['New laptop for Hugo', 'new', 'P4', 'N1'],
    ]);
    expect(all[0]?.description).toBe('Says "offline" since 9:00');
    expect(all[1]?.resolution).toEqual({ text: 'Changed MTU', rootCause: 'MTU too high on the home router' });
    db.close();
  });

  it('reports every bad row by line and column and imports nothing', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    const bad = `title,impact,urgency,status,assignee,category
Good row,2,2,new,,
,2,2,new,,
Bad urgency,2,7,new,,
Resolved without resolution,1,1,resolved,,
In progress nobody,1,1,in_progress,,
Bad category,2,2,new,,Hardware Disk
`;
    const result = importTickets(service, 'csv', bad, false);
    expect(result.imported).toBe(0);
    expect(result.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:title', '4:urgency', '5:resolution', '6:assignee', '7:category']);
    expect(result.problems[0]?.message).toBe('a title is required');
    expect(service.allTickets()).toEqual([]);
    const skipping = importTickets(service, 'csv', bad, true);
    expect(skipping.imported).toBe(1);
    expect(skipping.skipped).toBe(5);
    db.close();
  });

  it('refuses malformed files with a clear message', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    expect(() => importTickets(service, 'json', '{"title": "not an array"}', false)).toThrow('a JSON import is an array of tickets');
    expect(() => importTickets(service, 'json', '[{', false)).toThrow(/not valid JSON/);
    expect(() => importTickets(service, 'csv', 'title,impact\n"unclosed,2\n', false)).toThrow(/CSV/);
    db.close();
  });

  it('round-trips through JSON export and import, and exports CSV with a header', () => {
    const source = openDevice(tempDir(), 'lead');
    importTickets(source.service, 'csv', GOOD_CSV, false);
    const json = exportTickets(source.service, 'json');
    const target = openDevice(tempDir(), 'other');
    expect(importTickets(target.service, 'json', json, false).imported).toBe(3);
    const strip = (list: ReturnType<typeof source.service.allTickets>) => list.map((t) => [t.title, t.status, t.priority, t.requester, t.resolution]);
    expect(strip(target.service.allTickets())).toEqual(strip(source.service.allTickets()));
    const csv = exportTickets(source.service, 'csv');
    expect(csv.split('\n')[0]).toMatch(/^id,ref,kind,title,description,impact,urgency,priority,level,status/);
    expect(csv.trim().split('\n')).toHaveLength(4);
    source.db.close();
    target.db.close();
  });

  it('works from the command line: import, list, show, export', () => {
    const dir = tempDir();
    const file = join(dir, 'old-tool.csv');
    writeFileSync(file, GOOD_CSV);
    const dataDir = join(dir, 'data');
    const imported = runCli(['tickets', 'import', file, '--data-dir', dataDir]);
    expect(imported.stdout).toContain('imported 3 ticket(s)');
    const list = runCli(['tickets', 'list', '--data-dir', dataDir]);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('Printer offline');
    const ref = /T-[0-9A-F]{6}/.exec(list.stdout)?.[0] ?? '';
    const show = runCli(['tickets', 'show', ref, '--json', '--data-dir', dataDir]);
    expect(JSON.parse(show.stdout).ref).toBe(ref);
    const exported = runCli(['tickets', 'export', '--format', 'csv', '--data-dir', dataDir]);
    expect(exported.stdout.split('\n')[0]).toContain('title');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'title,impact,urgency\n,9,1\n');
    const refused = runCli(['tickets', 'import', bad, '--data-dir', dataDir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${bad}:2:title: a title is required`);
    expect(refused.stderr).toContain('nothing was imported');
    // Five runs of the command from source: each takes 20-30 s on a 2-core machine shared by a busy team.
  }, 400_000);
});
