import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/core/db/open';
import { importFile, previewImport } from '../../../electron/core/tickets/import';
import { hlcWallMs, type Ticket } from '../../../shared/tickets';
import { runCli } from '../../setup/cli';
import { tempDir } from '../../setup/temp';
import { openDevice } from '../../setup/tickets';

const FIXTURES = join(__dirname, '../../fixtures/helpdesk');
const file = (name: string) => readFileSync(join(FIXTURES, name));
const input = (name: string, extra: Record<string, unknown> = {}) => ({
  base64: file(name).toString('base64'),
  encoding: 'auto' as const,
  separator: 'auto' as const,
  source: 'auto' as const,
  ...extra,
});
/** GLPI writes its server's local time; the import reads it as this machine's local time. */
const local = (y: number, mo: number, d: number, h: number, mi: number) => new Date(y, mo - 1, d, h, mi).getTime();
const byNumber = (tickets: Ticket[]) => new Map(tickets.map((t) => [t.source?.number, t]));
const statusTimes = (t: Ticket) => t.statusHistory.map((e) => [e.status, hlcWallMs(e.at)]);

function imported(name: string) {
  const { db, service } = openDevice(tempDir(), 'lead');
  const result = importFile(service, db, { ...input(name), skipInvalid: false });
  return { db, service, result, tickets: byNumber(service.allTickets()) };
}

describe('tickets from GLPI', () => {
  it('reads the French CSV export (semicolons, UTF-8): numbers, accents, mapped statuses and priorities, original dates', () => {
    const preview = previewImport(openDevice(tempDir(), 'lead').db, input('glpi-tickets-fr.csv'));
    expect(preview).toMatchObject({ format: 'mapped', source: 'glpi', encoding: 'utf-8', bom: false, separator: ';', rows: 6, problems: [] });
    expect(preview.mapping.columns).toMatchObject({
      number: 'ID', title: 'Titre', status: 'Statut', openedAt: "Date d'ouverture", requester: 'Demandeur - Demandeur',
      assignee: 'Attribué à - Technicien', team: 'Attribué à - Groupe', resolvedAt: 'Date de résolution', closedAt: 'Date de clôture',
    });
    expect(preview.mapping.dateOrder).toBe('dmy');

    const { db, service, result, tickets } = imported('glpi-tickets-fr.csv');
    expect(result).toEqual({ imported: 6, skipped: 0, alreadyImported: 0, problems: [] });
    const printer = tickets.get('4512');
    expect(printer).toMatchObject({
      title: 'Imprimante 2e étage bloquée', status: 'assigned', kind: 'incident', requester: 'Hélène Mercier',
      assignee: 'Jérôme Faure', team: 'Support N1', category: 'materiel/imprimante', site: 'Siège > 2e étage',
      impact: 2, urgency: 1, priority: 'P2', source: { system: 'GLPI', number: '4512' },
    });
    expect(hlcWallMs(printer!.createdAt)).toBe(local(2026, 11, 18, 8, 47));
    // Categories GLPI has and Atelier lacked are added with GLPI's names, so the ticket's category shows.
    expect(service.categories()).toEqual(expect.arrayContaining([{ path: 'materiel', fr: 'Matériel', en: 'Matériel' }, { path: 'materiel/ecran', fr: 'Écran', en: 'Écran' }]));
    expect(tickets.get('4513')).toMatchObject({ status: 'new', priority: 'P1', requester: 'Noël Garçon' });
    expect(tickets.get('4514')).toMatchObject({ status: 'in_progress', kind: 'request', priority: 'P3' });
    expect(tickets.get('4515')).toMatchObject({ status: 'pending', priority: 'P5' });
    const mail = tickets.get('4516')!;
    expect(mail).toMatchObject({ status: 'resolved', priority: 'P1', resolution: { rootCause: 'unknown' } });
    expect(statusTimes(mail)).toEqual([['new', local(2026, 11, 24, 8, 5)], ['resolved', local(2026, 11, 24, 16, 55)]]);
    const software = tickets.get('4517')!;
    expect(software).toMatchObject({ status: 'closed', kind: 'request', priority: 'P5' });
    expect(statusTimes(software)).toEqual([
      ['new', local(2026, 11, 12, 13, 45)],
      ['resolved', local(2026, 11, 13, 10, 30)],
      ['closed', local(2026, 11, 20, 9, 0)],
    ]);
    db.close();
  });

  it('reads the same export saved in Windows-1252 with every accent intact', () => {
    const preview = previewImport(openDevice(tempDir(), 'lead').db, input('glpi-tickets-fr-cp1252.csv'));
    expect(preview).toMatchObject({ encoding: 'windows-1252', source: 'glpi', separator: ';', problems: [] });
    expect(preview.preview[0]).toMatchObject({ number: '4512', title: 'Imprimante 2e étage bloquée', requester: 'Hélène Mercier' });
    const { db, tickets } = imported('glpi-tickets-fr-cp1252.csv');
    expect([...tickets.values()].map((t) => t.title)).toContain('Écran qui scintille sur le poste de l\'accueil');
    expect(tickets.get('4513')?.description).toBe('Message « authentification échouée » depuis ce matin.');
    db.close();
  });

  it('reads the English CSV export (commas, year-first dates, priority only)', () => {
    const { db, result, tickets } = imported('glpi-tickets-en.csv');
    expect(result.imported).toBe(5);
    expect(tickets.get('2301')).toMatchObject({ status: 'assigned', priority: 'P2', assignee: 'Jérôme Faure', category: 'hardware/laptop', requester: 'Renée Dupré' });
    expect(tickets.get('2302')).toMatchObject({ status: 'new', priority: 'P3' });
    expect(tickets.get('2303')).toMatchObject({ status: 'resolved', priority: 'P1' });
    expect(tickets.get('2304')).toMatchObject({ status: 'closed', priority: 'P5', title: 'Replace toner, printer café-corner' });
    expect(tickets.get('2305')).toMatchObject({ status: 'pending', priority: 'P4' });
    expect(hlcWallMs(tickets.get('2304')!.createdAt)).toBe(local(2026, 11, 20, 11, 11));
    db.close();
  });

  it('reads the REST API JSON: codes for status, scales and type, HTML description as text, ownership and pause dates', () => {
    const { db, result, tickets } = imported('glpi-rest-tickets.json');
    expect(result.imported).toBe(5);
    const screen = tickets.get('871')!;
    expect(screen).toMatchObject({ status: 'new', kind: 'incident', impact: 2, urgency: 1, priority: 'P2', category: 'materiel/poste-de-travail' });
    expect(screen.description).toBe("L'écran reste noir, le voyant est orange.\nPas d'urgence avant 14 h.");
    expect(tickets.get('872')).toMatchObject({ status: 'in_progress', kind: 'request', title: 'Demande d\'accès au dossier « Direction »' });
    const copier = tickets.get('873')!;
    expect(statusTimes(copier)).toEqual([
      ['new', local(2026, 11, 17, 10, 15)],
      ['in_progress', local(2026, 11, 17, 10, 30)],
      ['pending', local(2026, 11, 17, 11, 0)],
    ]);
    expect(hlcWallMs(copier.ownedAt!)).toBe(local(2026, 11, 17, 10, 30));
    expect(tickets.get('874')).toMatchObject({ status: 'resolved', priority: 'P1' });
    expect(tickets.get('875')).toMatchObject({ status: 'closed', priority: 'P5' });
    db.close();
  });

  it('refuses a file with bad rows, naming line, column and reason, and imports nothing', () => {
    const { db, result, service } = imported('glpi-tickets-bad.csv');
    expect(result.imported).toBe(0);
    expect(result.problems).toEqual([
      { line: 3, column: 'Statut', message: '"Archivé" is not a status Atelier knows' },
      { line: 4, column: 'Titre', message: 'a title is required' },
      { line: 4, column: "Date d'ouverture", message: '"31-13-2026 08:00" is not a date' },
    ]);
    expect(service.allTickets()).toEqual([]);
    db.close();
  });

  it('counts SLA clocks from the original dates, and finds a ticket by its GLPI number', () => {
    const { db, service, tickets } = imported('glpi-tickets-fr.csv');
    // Opened on 19 November with priority P1 (4 h to resolve): long breached, whatever day the test runs.
    const vpn = service.detail(tickets.get('4513')!.id);
    expect(vpn.sla.resolve.state).toBe('breached');
    const page = service.queue.page({ filter: { text: 'GLPI 4513' } });
    expect(page.rows.map((r) => r.title)).toEqual(['Accès VPN refusé après changement de mot de passe']);
    db.close();
  });

  it('keeps the mapping per source and does not import a ticket twice', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    const first = previewImport(db, input('glpi-tickets-fr.csv'));
    const mapping = { ...first.mapping, columns: { ...first.mapping.columns, site: undefined, asset: 'Lieu' } };
    delete mapping.columns.site;
    expect(importFile(service, db, { ...input('glpi-tickets-fr.csv'), mapping, skipInvalid: false }).imported).toBe(6);
    const again = previewImport(db, input('glpi-tickets-fr-cp1252.csv'));
    expect(again.mappingFrom).toBe('saved');
    expect(again.mapping.columns.asset).toBe('Lieu');
    expect(importFile(service, db, { ...input('glpi-tickets-fr-cp1252.csv'), skipInvalid: false })).toMatchObject({ imported: 0, alreadyImported: 6 });
    db.close();
  });
});

describe('tickets from Zendesk', () => {
  it('reads its CSV export: statuses, priorities, types and dates', () => {
    const { db, result, tickets } = imported('zendesk-tickets.csv');
    expect(result).toMatchObject({ imported: 4, problems: [] });
    expect(tickets.get('101')).toMatchObject({ status: 'assigned', priority: 'P2', assignee: 'Jérôme Faure', team: 'Support', source: { system: 'Zendesk' } });
    expect(tickets.get('102')).toMatchObject({ status: 'new', kind: 'request', priority: 'P4' });
    expect(tickets.get('103')).toMatchObject({ status: 'resolved', priority: 'P1', title: 'Printer offline on 1st floor' });
    expect(tickets.get('104')).toMatchObject({ status: 'pending', kind: 'request', priority: 'P3' });
    expect(hlcWallMs(tickets.get('103')!.ownedAt!)).toBe(new Date(2026, 10, 4, 8, 0).getTime());
    db.close();
  });
});

describe("Atelier's own format through the same dialog", () => {
  it('is recognised and imported as before, even saved in Windows-1252', () => {
    const { db, service } = openDevice(tempDir(), 'lead');
    const csv = 'title,impact,urgency,status\nImprimante bloquée,2,1,new\n';
    const base64 = Buffer.from(csv, 'latin1').toString('base64');
    const preview = previewImport(db, { base64, encoding: 'auto', separator: 'auto', source: 'auto' });
    expect(preview).toMatchObject({ format: 'atelier', encoding: 'windows-1252', problems: [] });
    expect(importFile(service, db, { base64, encoding: 'auto', separator: 'auto', source: 'auto', skipInvalid: false }).imported).toBe(1);
    expect(service.allTickets()[0]?.title).toBe('Imprimante bloquée');
    db.close();
  });
});

/** Each run starts Node and tsx from source: slow on a busy 2-core machine. */
const SLOW = { timeoutMs: 150_000 };

describe('atelier tickets import --from --map --encoding', () => {
  it('imports with a mapping file and a forced encoding, and refuses a bad mapping file by name', () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const map = join(dir, 'glpi-map.json');
    writeFileSync(map, JSON.stringify({ columns: { number: 'ID', title: 'Titre', openedAt: "Date d'ouverture", status: 'Statut', priority: 'Priorité', asset: 'Lieu' }, dateOrder: 'dmy' }));
    const fixture = join(FIXTURES, 'glpi-tickets-fr-cp1252.csv');
    const shown = runCli(['tickets', 'import', fixture, '--from', 'glpi', '--map', map, '--encoding', 'windows-1252', '--show-map', '--data-dir', dataDir], SLOW);
    const plan = JSON.parse(shown.stdout);
    expect(plan).toMatchObject({ source: 'glpi', encoding: 'windows-1252', mappingFrom: 'given' });
    expect(plan.preview[0]).toMatchObject({ number: '4512', title: 'Imprimante 2e étage bloquée', priority: 'P2' });
    const done = runCli(['tickets', 'import', fixture, '--from', 'glpi', '--map', map, '--encoding', 'windows-1252', '--data-dir', dataDir], SLOW);
    expect(done.stdout).toContain('imported 6 ticket(s)');
    const store = openDatabase(join(dataDir, 'atelier.db'));
    expect(store.prepare('SELECT title FROM tickets').pluck().all()).toContain("Écran qui scintille sur le poste de l'accueil");
    store.close();
    // Forced UTF-8 on a Windows-1252 file: refused, saying what to choose.
    const wrong = runCli(['tickets', 'import', fixture, '--encoding', 'utf-8', '--data-dir', dataDir], SLOW);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('not valid UTF-8: choose Windows-1252');
    writeFileSync(map, JSON.stringify({ columns: { number: 'ID' }, dateOrder: 'dd-mm' }));
    const badMap = runCli(['tickets', 'import', fixture, '--map', map, '--data-dir', dataDir], SLOW);
    expect(badMap.stderr).toContain(`${map}: dateOrder:`);
  }, 400_000);
});
