import { ChecklistStore } from '../../../electron/core/checklists/store';
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
