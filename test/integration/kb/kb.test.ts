import { describe, expect, it } from 'vitest';
import { KbStore } from '../../../electron/core/kb/store';
import { similarTickets } from '../../../electron/core/kb/related';
import { problemCandidates, Problems } from '../../../electron/core/reports/problems';
import { DeviceClock } from '../../../electron/core/tickets/device-clock';
import { procedureFromTicket } from '../../../shared/kb';
import { tempDir } from '../../setup/temp';
import { openDevice } from '../../setup/tickets';
import { BlobStore } from '../../../electron/core/reports/blobs';
import { IncidentReports } from '../../../electron/core/reports/incident';
import { seedResolvedDiskTicket, seedSlowComputerRun } from '../reports/seed';

function kbOf(dir: string) {
  const { db, service } = openDevice(dir, 'n2');
  return { db, service, kb: new KbStore(db, new DeviceClock(db), () => 'Sarah') };
}

describe('knowledge base', () => {
  it('folds versions from events and keeps the history', () => {
    const { db, kb } = kbOf(tempDir());
    const a = kb.create({ title: 'Écran noir après mise en veille', kind: 'resolution', body: 'Mettre à jour le pilote graphique.', category: 'hardware/display', tags: ['ecran', 'veille'] });
    expect(a).toMatchObject({ status: 'draft', version: 1, author: 'Sarah', publishedVersion: null });
    kb.edit(a.id, { body: 'Mettre à jour le pilote graphique puis redémarrer.' }, 'précision');
    const published = kb.publish(a.id);
    expect(published).toMatchObject({ status: 'published', version: 2, publishedVersion: 2 });
    expect(published.history.map((h) => h.type)).toEqual(['created', 'edited', 'published']);
    expect(published.history[1]).toMatchObject({ fields: ['body'], note: 'précision' });
    expect(() => kb.publish(a.id)).toThrow(/already published/);
    expect(() => kb.edit(a.id, {})).toThrow(/at least one field/);
    db.close();
  });

  it('finds "écran" from "ecran" and back, and English plurals from singulars (porter)', () => {
    const { db, kb } = kbOf(tempDir());
    const fr = kb.create({ title: 'Écran noir au démarrage', kind: 'investigation', body: 'Vérifier le câble et l’écran externe.' });
    const en = kb.create({ title: 'Printers offline after update', kind: 'resolution', body: 'Restart the spooler on the print servers.' });
    const ids = (text: string) => kb.search({ text }).map((a) => a.id);
    expect(ids('ecran')).toEqual([fr.id]);
    expect(ids('écran')).toEqual([fr.id]);
    expect(ids('ECRAN NOIR')).toEqual([fr.id]);
    expect(ids('demarrage')).toEqual([fr.id]);
    expect(ids('printer')).toEqual([en.id]);
    expect(ids('server')).toEqual([en.id]);
    expect(ids('restarting')).toEqual([en.id]);
    expect(ids('print"er OR (')).toEqual([]); // FTS syntax in user text is only text
    expect(kb.search({ text: 'écran' })[0]?.snippet).toContain('\u0002');
    db.close();
  });

  it('turns a resolved ticket into a draft procedure with the checklist path and readings', async () => {
    const { db, service, kb } = kbOf(tempDir());
    const id = await seedResolvedDiskTicket(service, db);
    const detail = service.detail(id);
    const fields = procedureFromTicket(detail.ticket, detail.ref, () => undefined);
    expect(fields.kind).toBe('resolution');
    expect(fields.body).toContain('1. **check-smart** — en défaut — 142 secteurs réalloués, état FAILING');
    expect(fields.body).toContain('Disque mécanique en fin de vie');
    expect(fields.checklistIds).toEqual(['disk-failure']);
    expect(fields.body).toContain('- Sauvegarde des documents effectuée sur le NAS.');
    expect(fields.body).not.toContain('NOTE-INTERNE');
    const article = kb.create(fields);
    expect(article.status).toBe('draft');
    expect(kb.search({ text: 'secteurs realloues' }).map((a) => a.id)).toEqual([article.id]);
    db.close();
  });
});

describe('procedure drafted from a wizard run', () => {
  it('an N1 can follow it: each question once with the answer taken, readings in units, in the author’s language', async () => {
    const { db, service } = openDevice(tempDir(), 'n2');
    const id = await seedSlowComputerRun(service, db);
    const detail = service.detail(id);
    const reports = new IncidentReports(db, service, new BlobStore(db));
    const draft = (lang: 'fr' | 'en') => procedureFromTicket(detail.ticket, detail.ref, (c, v, s) => reports.stepInfo(c, v, s), { lang }).body;
    // The requester wrote in French; the author works in English.
    const en = draft('en');
    const steps = en.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(steps).toEqual([
      '1. **Since when has the computer been slow?** — Since an update',
      '2. **Is a reboot pending?** — not measured — not available: timed out after 15 s',
      '3. **Free space on the system disk** — warning — 23.5 GiB free of 120 GiB (11.7 %), mount point: /',
      expect.stringMatching(/^4\. \*\*Free up space: .*\*\* — done$/),
      '5. **Available memory** — warning — 512 MiB of memory available of 8.0 GiB (6.3 %), swap used: 61.5 %, memory pressure (10 s): 12.4 %',
      '6. **Conclusion** — Not enough RAM for the current workload.',
    ]);
    expect(en).not.toMatch(/(^|[\s,(])[a-z][a-z0-9_]*=/m); // no raw key=value reading
    expect(en).not.toContain('Computer is slow'); // the run's start mark is not a step
    const fr = draft('fr');
    expect(fr).toContain('1. **Depuis quand l’ordinateur est-il lent ?** — Depuis une mise à jour');
    expect(fr).toContain('23,5 Gio libres sur 120 Gio (11,7 %)');
    expect(fr).toContain('non disponible : pas de réponse après 15 s');
    expect(fr).not.toMatch(/relevé|not available|timed out/);
    db.close();
  });
});

describe('similar tickets and problem candidates', () => {
  it('suggests recurring incidents by asset, category and text, and never links them itself', () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const mk = (title: string, asset: string, category: string, description = '') =>
      service.create({ kind: 'incident', title, description, asset, category, impact: 2, urgency: 2 }).ticket.id;
    const a = mk('Imprimante accueil bloquée, bourrage papier', 'PRN-01', 'hardware/printer');
    const b = mk('Bourrage papier sur l’imprimante de l’accueil', 'PRN-02', 'hardware/printer');
    const c = mk('Wi-Fi coupe en salle B', 'PC-7', 'network/wifi');
    const d = mk('VPN lent', 'PC-7', 'network/vpn');
    const e = mk('Outlook plante', 'PC-9', 'software/email');
    const candidates = problemCandidates(db);
    const sets = candidates.map((cand) => ({ ids: cand.tickets.map((t) => t.id).sort(), reasons: cand.reasons.map((r) => r.reason).sort() }));
    expect(sets).toContainEqual({ ids: [c, d].sort(), reasons: ['asset'] });
    expect(sets.find((s) => s.ids.join() === [a, b].sort().join())?.reasons).toContain('text');
    expect(sets.some((s) => s.ids.includes(e))).toBe(false);
    // Only 2 printer incidents: below the category threshold of 3 unless asked.
    expect(sets.some((s) => s.reasons.includes('category'))).toBe(false);
    expect(problemCandidates(db, { minCategory: 2 }).some((cand) => cand.reasons.some((r) => r.reason === 'category'))).toBe(true);
    expect(service.detail(a).ticket.problemId).toBeNull();
    // b is still open: nothing solved to learn from yet.
    expect(similarTickets(db, service.detail(a).ticket)).toEqual([]);
    db.close();
  });

  it('similar past tickets: solved ones with a solution only, ranked by text and category, each with why', () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const mk = (title: string, category: string, description = '') => service.create({ kind: 'incident', title, description, category, impact: 2, urgency: 2 }).ticket.id;
    const solve = (id: string, text = 'Spouleur redémarré, file vidée.') => service.act({ ticketId: id, type: 'resolved', payload: { resolution: { text, rootCause: 'Spouleur figé.' } } });
    const asked = mk('Imprimante bloquée, spouleur figé', 'hardware/printer', 'La file d’impression reste bloquée');
    const best = mk('Spouleur figé, imprimante bloquée à l’accueil', 'hardware/printer', 'file d’impression pleine');
    const sibling = mk('Spouleur figé sur le poste', 'hardware/disk');
    const wifi = mk('Wi-Fi bloquée en salle B', 'network/wifi');
    const open = mk('Imprimante bloquée, spouleur figé encore', 'hardware/printer');
    const noWords = mk('Toner vide', 'hardware/printer');
    const closed = mk('Imprimante bloquée au second', 'hardware/printer');
    for (const id of [best, sibling, wifi, noWords, closed]) solve(id);
    service.act({ ticketId: closed, type: 'status_changed', payload: { from: 'resolved', to: 'closed' } });

    const similar = similarTickets(db, service.detail(asked).ticket);
    expect(similar.map((s) => s.id)).toEqual([best, closed, sibling]);
    expect(similar.some((s) => s.id === open || s.id === wifi || s.id === noWords)).toBe(false);
    expect(similar[0]).toMatchObject({ status: 'resolved', resolution: 'Spouleur redémarré, file vidée.', why: { category: 'same' } });
    expect(similar[0]!.why.words).toEqual(expect.arrayContaining(['imprimante', 'bloquée', 'spouleur', 'figé']));
    expect(similar[1]).toMatchObject({ status: 'closed', why: { category: 'same', words: ['imprimante', 'bloquée'] } });
    expect(similar[2]).toMatchObject({ why: { category: 'parent', words: ['spouleur', 'figé'] } });
    db.close();
  });

  it('a problem record links incidents on both sides and pushes its fix to the open ones', () => {
    const { db, service } = openDevice(tempDir(), 'tech');
    const mk = (title: string) => service.create({ kind: 'incident', title, asset: 'PRN-01', category: 'hardware/printer', impact: 2, urgency: 2 }).ticket.id;
    const [a, b, c] = [mk('Bourrage 1'), mk('Bourrage 2'), mk('Bourrage 3')] as [string, string, string];
    service.act({ ticketId: c, type: 'resolved', payload: { resolution: { text: 'done', rootCause: 'unknown' } } });
    const problems = new Problems(db, service);
    const problemId = problems.create({ title: 'Bourrages répétés imprimante accueil', incidentIds: [a, b, c] });
    expect(service.detail(problemId).ticket).toMatchObject({ kind: 'problem', incidentIds: [a, b, c] });
    expect(service.detail(a).ticket.problemId).toBe(problemId);
    // Linked incidents are no longer suggested.
    expect(problemCandidates(db).length).toBe(0);
    const pushed = problems.pushResolution(problemId, { text: 'Rouleau d’entraînement remplacé.', rootCause: 'Rouleau usé.' });
    expect(pushed).toEqual({ resolved: [a, b], skipped: [c] });
    expect(service.detail(b).ticket.resolution?.rootCause).toBe('Rouleau usé.');
    problems.unlink(problemId, a);
    expect(service.detail(a).ticket.problemId).toBeNull();
    db.close();
  });
  it('a drafted procedure is published only once each command says what it is for, and its purposes travel with it', () => {
    const { db, service, kb } = kbOf(tempDir());
    const { ticket } = service.create({ kind: 'incident', title: 'Web server down', description: 'The intranet answers 502', impact: 2, urgency: 2 });
    const fields = procedureFromTicket(ticket, 'T-1', () => undefined, { lang: 'en', commands: [{ host: 'web-01', commands: ['systemctl status nginx', 'fixperms /srv/www'] }] });
    const article = kb.create(fields);
    expect(() => kb.publish(article.id)).toThrow(/1 command\(s\) still lack what they are for: "fixperms \/srv\/www"/);
    expect(kb.get(article.id).status).toBe('draft');
    const body = article.body.replace('⟨to write: why run it⟩', 'give the web root back to the www-data user').replace('⟨to write: what to look for in its output⟩', 'no "Operation not permitted" line');
    kb.edit(article.id, { body });
    expect(kb.publish(article.id)).toMatchObject({ status: 'published' });

    // Another device receives the article as it was written: each command with its purpose.
    const other = kbOf(tempDir());
    other.kb.applyExternal(kb.events(article.id), 'remote');
    expect(other.kb.get(article.id).body).toContain('2. `fixperms /srv/www`\n   - Why: give the web root back to the www-data user\n   - Look for: no "Operation not permitted" line');
    expect(other.kb.get(article.id).body).toContain('1. `systemctl status nginx`\n   - Why: see the state of the service');
    db.close();
    other.db.close();
  });
});
