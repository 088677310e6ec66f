import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobStore } from '../../../electron/core/reports/blobs';
import { IncidentReports } from '../../../electron/core/reports/incident';
import { findChromium, htmlToPdf } from '../../../electron/core/reports/pdf';
import { runCli } from '../../setup/cli';
import { REPO_ROOT } from '../../setup/serve-process';
import { tempDir } from '../../setup/temp';
import { openDevice } from '../../setup/tickets';
import { INTERNAL, seedResolvedDiskTicket, seedSlowComputerRun } from './seed';

const OUT = join(REPO_ROOT, 'test-results', 'reports');
const chromium = findChromium();

describe('incident report', () => {
  it('drafts from the ticket in the requester’s language, without internal comments', async () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const id = await seedResolvedDiskTicket(service, db);
    const reports = new IncidentReports(db, service, new BlobStore(db));
    const draft = reports.draft(id);
    expect(draft.lang).toBe('fr');
    expect(draft.technician).toBe('tech');
    // The conclusion step is told in "what we found", not as a checklist row.
    expect(draft.checklist.map((s) => s.outcome)).toEqual(['en défaut', 'conforme']);
    expect(draft.checklist[0]?.reading).toContain('142 secteurs');
    expect(draft.found).toContain('Disque en cours de défaillance.'); // the conclusion's diagnosis
    expect(draft.found).toContain('Sauvegarde des documents'); // a public comment
    expect(draft.parts).toEqual([{ name: 'SSD 512 Go', quantity: 1 }]);
    expect([draft.workMinutes, draft.travelMinutes]).toEqual([75, 30]);
    expect(JSON.stringify(draft)).not.toContain('NOTE-INTERNE');
    expect(JSON.stringify(draft)).not.toContain('clonage'); // worklog notes are the team's own
    const html = reports.html(draft);
    expect(html).not.toContain('NOTE-INTERNE');
    expect(reports.draft(id, 'en').checklist[0]?.outcome).toBe('failed');
    db.close();
  });

  it('escapes what the technician typed and brands the page', async () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const id = await seedResolvedDiskTicket(service, db);
    const reports = new IncidentReports(db, service, new BlobStore(db));
    reports.setBranding({ companyName: 'Informatique Dupont', footer: 'SAS Dupont — 12 rue des Lilas, Lyon', accentColor: '#aa3300' });
    const html = reports.html({ ...reports.draft(id), advice: '<img src=x onerror=alert(1)>' });
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('Informatique Dupont');
    expect(html).toContain('#aa3300');
    expect(() => reports.setBranding({ accentColor: 'red;}</style><script>' })).toThrow(/colour/);
    db.close();
  });

  it.skipIf(!chromium)('prints to PDF with Chromium; the PNG pages carry the texts', async () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const id = await seedResolvedDiskTicket(service, db);
    const reports = new IncidentReports(db, service, new BlobStore(db));
    reports.setBranding({ companyName: 'Informatique Dupont', footer: 'SAS Dupont — support 04 72 00 00 00' });
    const pdf = await htmlToPdf(reports.html(reports.draft(id)));
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'incident-report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    for (const expected of ['Rapport d’intervention', 'Informatique Dupont', 'Claire Dubois', '142 secteurs', 'SSD 512 Go', 'Disque mécanique en fin de vie', '1 h 45', 'Nos conseils']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('NOTE-INTERNE');
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', file, join(OUT, 'incident-report')]);
    const png = readFileSync(join(OUT, 'incident-report-1.png'));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    db.close();
  }, 60_000);

  it.skipIf(!chromium)('finalizes: HTML and PDF stored on the ticket as attachments (events)', async () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const id = await seedResolvedDiskTicket(service, db);
    const blobs = new BlobStore(db);
    const reports = new IncidentReports(db, service, blobs);
    const before = service.detail(id).ticket.eventCount;
    const stored = await reports.finalize(id, reports.draft(id));
    const ticket = service.detail(id).ticket;
    expect(ticket.eventCount).toBe(before + 2);
    expect(ticket.attachments.map((a) => [a.name, a.mime])).toEqual([
      [`rapport-${stored.html.name.slice(8, -5)}.html`, 'text/html'],
      [`rapport-${stored.html.name.slice(8, -5)}.pdf`, 'application/pdf'],
    ]);
    expect(blobs.get(stored.pdf?.hash ?? '').subarray(0, 5).toString()).toBe('%PDF-');
    expect(blobs.get(stored.html.hash).toString()).not.toContain('NOTE-INTERNE');
    db.close();
  }, 60_000);

  it.skipIf(!chromium)('a wizard run reads in the PDF as answers and readings in units, in the requester’s language', async () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const id = await seedSlowComputerRun(service, db);
    const reports = new IncidentReports(db, service, new BlobStore(db));
    const draft = reports.draft(id);
    expect(draft.lang).toBe('fr');
    mkdirSync(OUT, { recursive: true });
    const file = join(OUT, 'incident-report-wizard.pdf');
    writeFileSync(file, await htmlToPdf(reports.html(draft)));
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // The question once, with the answer taken after going back (not the first one chosen).
    expect(text.match(/Depuis quand l’ordinateur est-il lent/g)).toHaveLength(1);
    expect(text).toContain('Depuis une mise à jour');
    expect(text).not.toContain('Depuis toujours');
    expect(text).toContain('23,5 Gio libres sur 120 Gio (11,7 %)');
    expect(text).toContain('512 Mio de mémoire disponibles sur 8,0 Gio (6,3 %)');
    expect(text).toContain('swap utilisé : 61,5 %');
    expect(text).toContain('pas de réponse après 15 s');
    expect(text).toMatch(/Libérez de l’espace.*fait/);
    expect(text).not.toMatch(/(^|[\s,(])[a-z][a-z0-9_]*=/); // no raw key=value reading
    expect(text).not.toMatch(/not available|timed out|relevé/);
    // The run's start mark names the checklist: it is not a row.
    expect(text).not.toContain('Ordinateur lent');
    const en = reports.draft(id, 'en');
    expect(en.checklist[0]).toMatchObject({ step: 'Since when has the computer been slow?', outcome: 'Since an update' });
    expect(en.checklist.map((s) => s.reading).join(' ')).toContain('23.5 GiB free of 120 GiB (11.7 %)');
    db.close();
  }, 60_000);

  it('refuses a ticket that is not resolved', () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const id = service.create({ kind: 'incident', title: 'Open one', impact: 3, urgency: 3 }).ticket.id;
    expect(() => new IncidentReports(db, service, new BlobStore(db)).draft(id)).toThrow(/resolve it first/);
    db.close();
  });

  it.skipIf(!chromium)('CLI: atelier report REF --pdf --html', async () => {
    const dir = tempDir();
    const { db, service } = openDevice(dir, 'atelier');
    const id = await seedResolvedDiskTicket(service, db);
    const ref = service.detail(id).ref;
    db.close();
    // openDevice names the file atelier.db: the CLI's store file in that data folder.
    const pdf = join(dir, 'r.pdf');
    const html = join(dir, 'r.html');
    const result = runCli(['report', ref, '--pdf', pdf, '--html', html, '--lang', 'en', '--data-dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(html, 'utf8')).toContain('Incident report');
    const missing = runCli(['report', 'T-000000', '--html', html, '--data-dir', dir]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/T-000000 does not exist/);
  }, 90_000);
});
