import { changesFr } from './changes.fr';
import { checklistsFr } from './checklists.fr';
import { checksFr } from './checks.fr';
import { desktopFr } from './desktop.fr';
import type { Messages } from './en';
import { hostsFr } from './hosts.fr';
import { inventoryFr } from './inventory.fr';
import { knowledgeFr } from './knowledge.fr';
import { problemsFr } from './problems.fr';
import { queueFr } from './queue.fr';
import { recordingFr } from './recording.fr';
import { remoteFr } from './remote.fr';
import { reportsFr } from './reports.fr';
import { settingsFr } from './settings.fr';
import { shellFr } from './shell.fr';
import { storeFr } from './store.fr';
import { syncFr } from './sync.fr';
import { ticketFr } from './ticket.fr';
import { ticketImportFr } from './ticket-import.fr';

/** Texte français de l’interface, assemblé à partir d’un fichier par domaine (`<domaine>.fr.ts`). */
export const fr: Messages = {
  ...shellFr,
  ...settingsFr,
  ...queueFr,
  ...ticketFr,
  ...ticketImportFr,
  ...hostsFr,
  ...inventoryFr,
  ...checklistsFr,
  ...changesFr,
  ...reportsFr,
  ...knowledgeFr,
  ...syncFr,
  remote: remoteFr,
  ...recordingFr,
  ...storeFr,
  ...desktopFr,
  ...checksFr,
  ...problemsFr,
};
