import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, detectEncoding } from '../../../electron/core/tickets/import/encoding';
import { detectSeparator, readTable } from '../../../electron/core/tickets/import/table';
import { detectSource, proposeColumns } from '../../../shared/import/mapping';
import { categoryPathOf, guessDateOrder, htmlToText, kindOf, levelOfRank, pairOfPriorityRank, parseDate, rankOf, statusOf } from '../../../shared/import/values';
import { priorityOf } from '../../../shared/tickets';

const fixture = (name: string) => readFileSync(join(__dirname, '../../fixtures/helpdesk', name));

describe('encoding', () => {
  it('tells UTF-8 (with or without BOM) from Windows-1252, and decodes accents right', () => {
    const utf8 = fixture('glpi-tickets-fr.csv');
    expect(detectEncoding(utf8)).toBe('utf-8');
    expect(detectEncoding(fixture('glpi-tickets-fr-cp1252.csv'))).toBe('windows-1252');
    expect(decode(fixture('glpi-tickets-fr-cp1252.csv')).text).toBe(utf8.toString('utf8'));
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
    expect(decode(withBom)).toMatchObject({ encoding: 'utf-8', bom: true, text: utf8.toString('utf8') });
    // Windows-1252's own characters above Latin-1: the euro sign and typographic quotes.
    expect(decode(Buffer.from([0x80, 0x20, 0x93, 0x6f, 0x6b, 0x94])).text).toBe('€ “ok”');
  });

  it('refuses a forced UTF-8 on a file that is not, naming the encoding to choose', () => {
    expect(() => decode(fixture('glpi-tickets-fr-cp1252.csv'), 'utf-8')).toThrow(/not valid UTF-8: choose Windows-1252/);
  });
});

describe('separator and table', () => {
  it("finds GLPI's semicolon, a comma, a tab; quoted separators do not count", () => {
    expect(detectSeparator('"ID";"Titre";"Statut"\r\n')).toBe(';');
    expect(detectSeparator('"a;b",c,d\n')).toBe(',');
    expect(detectSeparator('a\tb\tc\n')).toBe('\t');
    const table = readTable(decode(fixture('glpi-tickets-fr.csv')).text, ';');
    expect(table.headers[0]).toBe('ID');
    expect(table.rows[0]).toMatchObject({ line: 2, cells: { Titre: 'Imprimante 2e étage bloquée' } });
  });
});

describe('GLPI and Zendesk values', () => {
  it('maps GLPI statuses by code and by French or English label', () => {
    expect(['1', '2', '3', '4', '5', '6'].map(statusOf)).toEqual(['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed']);
    expect(['Nouveau', 'En cours (Attribué)', 'En cours (Planifié)', 'En attente', 'Résolu', 'Clos'].map(statusOf)).toEqual(['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed']);
    expect(['New', 'Processing (assigned)', 'Processing (planned)', 'Pending', 'Solved', 'Closed'].map(statusOf)).toEqual(['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed']);
    expect(['open', 'hold', 'solved'].map(statusOf)).toEqual(['assigned', 'pending', 'resolved']);
    expect(statusOf('Archivé')).toBeNull();
  });

  it("folds GLPI's 1-5 scale (and 6 major) onto Atelier's impact, urgency and priority", () => {
    expect(['Très basse', 'Basse', 'Moyenne', 'Haute', 'Très haute', 'Majeure'].map(rankOf)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(['Très bas', 'Bas', 'Moyen', 'Haut', 'Très haut'].map(rankOf)).toEqual([1, 2, 3, 4, 5]);
    expect(['Very low', 'Low', 'Medium', 'High', 'Very high', 'Major'].map(rankOf)).toEqual([1, 2, 3, 4, 5, 6]);
    expect([1, 2, 3, 4, 5, 6].map(levelOfRank)).toEqual([3, 3, 2, 1, 1, 1]);
    const priorities = [1, 2, 3, 4, 5, 6].map((rank) => {
      const { impact, urgency } = pairOfPriorityRank(rank);
      return priorityOf(impact, urgency);
    });
    expect(priorities).toEqual(['P5', 'P4', 'P3', 'P2', 'P1', 'P1']);
    expect(['1', '2', 'Demande', 'Incident', 'question', 'problem'].map(kindOf)).toEqual(['incident', 'request', 'request', 'incident', 'request', 'problem']);
  });

  it('reads dates in the order the file writes them, as local time; refuses impossible ones', () => {
    expect(parseDate('18-11-2026 08:47', 'dmy')).toBe(new Date(2026, 10, 18, 8, 47).toISOString());
    expect(parseDate('11/18/2026 08:47', 'mdy')).toBe(new Date(2026, 10, 18, 8, 47).toISOString());
    expect(parseDate('2026-11-18 08:47:10', 'dmy')).toBe(new Date(2026, 10, 18, 8, 47, 10).toISOString());
    expect(parseDate('2026-11-18T08:47:00+01:00', 'dmy')).toBe('2026-11-18T07:47:00.000Z');
    expect(parseDate('31-02-2026 08:00', 'dmy')).toBeNull();
    expect(parseDate('yesterday', 'dmy')).toBeNull();
    expect(guessDateOrder(['05-11-2026', '18-11-2026'])).toBe('dmy');
    expect(guessDateOrder(['11/18/2026'])).toBe('mdy');
    expect(guessDateOrder(['05-11-2026'])).toBeNull();
  });

  it('turns GLPI category names and HTML descriptions into Atelier paths and text', () => {
    expect(categoryPathOf('Matériel > Écran')).toBe('materiel/ecran');
    expect(htmlToText('&#60;p&#62;Volume D: plein à 100 %&#60;/p&#62;&#60;p&#62;C&amp;D&#60;/p&#62;')).toBe('Volume D: plein à 100 %\nC&D');
    expect(htmlToText('<p>a &lt;b&gt;</p>')).toBe('a <b>');
  });
});

describe('mapping proposal', () => {
  it('recognises GLPI (both languages, REST) and Zendesk from their headers', () => {
    expect(detectSource(['ID', 'Titre', 'Statut', "Date d'ouverture"])).toBe('glpi');
    expect(detectSource(['ID', 'Title', 'Status', 'Opening date'])).toBe('glpi');
    expect(detectSource(['id', 'name', 'date', 'solvedate', 'urgency', 'impact'])).toBe('glpi');
    expect(detectSource(['Id', 'Requester', 'Subject', 'Created at'])).toBe('zendesk');
    expect(detectSource(['Ref', 'Summary'])).toBe('generic');
    expect(proposeColumns(['ID', 'Title', 'Opening date', 'Assigned to - Technician', 'Closing date'])).toEqual({
      number: 'ID', title: 'Title', openedAt: 'Opening date', assignee: 'Assigned to - Technician', closedAt: 'Closing date',
    });
  });
});

describe('plain text stays plain', () => {
  it('does not take an escaped tag in plain text for HTML', () => {
    expect(htmlToText('if x &lt; 3 then')).toBe('if x < 3 then');
  });
});
