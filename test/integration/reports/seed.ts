import { ChecklistStore } from '../../../electron/core/checklists/store';
import { RunBook } from '../../../electron/core/checklists/runs';
import type { TicketService } from '../../../electron/core/tickets/service';

export const INTERNAL = 'NOTE-INTERNE ne pas diffuser : mot de passe admin local à changer';

/** A French disk incident taken through the disk-failure checklist, repaired with a part, and resolved. */
export async function seedResolvedDiskTicket(service: TicketService, db: ConstructorParameters<typeof ChecklistStore>[0]): Promise<string> {
  await new ChecklistStore(db).installBuiltins();
  const id = service.create({
    kind: 'incident',
    title: 'Le PC est très lent et fait un bruit de cliquetis',
    description: 'Depuis lundi, le poste met dix minutes à démarrer et le disque fait un bruit régulier.',
    requester: 'Claire Dubois',
    site: 'Lyon – Part-Dieu',
    asset: 'PC-1042',
    category: 'hardware/disk',
    impact: 2,
    urgency: 2,
  }).ticket.id;
  const act = (type: string, payload: unknown) => service.act({ ticketId: id, type, payload } as Parameters<TicketService['act']>[0]);
  act('assigned', { assignee: 'Camille Martin', team: 'Support' });
  act('status_changed', { from: 'assigned', to: 'in_progress' });
  const step = (stepId: string, outcome: string, reading?: string) =>
    act('checklist_step_recorded', { checklistId: 'disk-failure', checklistVersion: 1, stepId, outcome, ...(reading ? { reading } : {}) });
  step('check-smart', 'fail', '142 secteurs réalloués, état FAILING');
  step('backup-now', 'pass');
  step('replace-disk', 'info');
  act('comment_added', { text: 'Sauvegarde des documents effectuée sur le NAS.', internal: false });
  act('comment_added', { text: INTERNAL, internal: true });
  act('worklog_added', { minutes: 75, kind: 'work', note: 'clonage', parts: [{ name: 'SSD 512 Go', quantity: 1 }] });
  act('worklog_added', { minutes: 30, kind: 'travel' });
  act('resolved', { resolution: { text: 'Disque remplacé par un SSD 512 Go, système cloné, données vérifiées avec l’utilisatrice.', rootCause: 'Disque mécanique en fin de vie (secteurs réalloués).' } });
  return id;
}

const GIB = 1024 ** 3;

/**
 * A French "slow computer" ticket taken through the built-in wizard as a technician does it: an answer
 * changed after going back, a probe that timed out, a nearly full disk, the cleanup done, memory short,
 * and the conclusion applied (which resolves the ticket). Readings have the shape the probes give.
 */
export async function seedSlowComputerRun(service: TicketService, db: ConstructorParameters<typeof ChecklistStore>[0]): Promise<string> {
  const store = new ChecklistStore(db);
  await store.installBuiltins();
  const id = service.create({
    kind: 'incident',
    title: 'Mon ordinateur est très lent depuis la mise à jour',
    description: 'Le poste met plusieurs minutes à ouvrir les dossiers depuis la mise à jour de mardi.',
    requester: 'Claire Dubois',
    category: 'hardware/performance',
    impact: 3,
    urgency: 2,
  }).ticket.id;
  const runs = new RunBook(db, service, store, () => ({ target: 'local' }));
  const { runId } = runs.start(id, 'slow-computer');
  runs.act(id, runId, { kind: 'answer', answer: 1 });
  runs.act(id, runId, { kind: 'back' });
  runs.act(id, runId, { kind: 'answer', answer: 0 });
  runs.recordProbe(id, runId, { kind: 'probe', stepId: 'check-reboot', result: 'unavailable', reading: { available: false, reason: 'timed out after 15 s', code: 'timed_out', params: { seconds: 15 } } });
  runs.recordProbe(id, runId, {
    kind: 'probe',
    stepId: 'check-disk',
    result: 'warn',
    reading: { available: true, mount: '/', size_bytes: 120 * GIB, free_bytes: 25276182528, free_percent: 11.7, used_percent: 88.3 },
  });
  runs.act(id, runId, { kind: 'instruction', outcome: 'done' });
  runs.recordProbe(id, runId, {
    kind: 'probe',
    stepId: 'check-memory',
    result: 'warn',
    reading: { available: true, total_bytes: 8 * GIB, available_bytes: 0.5 * GIB, available_percent: 6.3, used_percent: 93.7, swap_total_bytes: 2 * GIB, swap_used_percent: 61.5, psi_some_avg10: 12.4 },
  });
  runs.apply(id, runId, 'fr');
  return id;
}
