import { changesEn } from './changes.en';
import { checklistsEn } from './checklists.en';
import { checksEn } from './checks.en';
import { desktopEn } from './desktop.en';
import { hostsEn } from './hosts.en';
import { inventoryEn } from './inventory.en';
import { knowledgeEn } from './knowledge.en';
import { problemsEn } from './problems.en';
import { queueEn } from './queue.en';
import { recordingEn } from './recording.en';
import { remoteEn } from './remote.en';
import { reportsEn } from './reports.en';
import { settingsEn } from './settings.en';
import { shellEn } from './shell.en';
import { storeEn } from './store.en';
import type { Strings } from './strings';
import { syncEn } from './sync.en';
import { ticketEn } from './ticket.en';
import { ticketImportEn } from './ticket-import.en';

/**
 * English UI text, assembled from one file per domain (`<domain>.en.ts`). Each `<domain>.fr.ts` is typed
 * `Strings<typeof <domain>En>`, and `fr.ts` is typed `Messages`: a missing or extra translation is a compile error.
 */
export const en = {
  ...shellEn,
  ...settingsEn,
  ...queueEn,
  ...ticketEn,
  ...ticketImportEn,
  ...hostsEn,
  ...inventoryEn,
  ...checklistsEn,
  ...changesEn,
  ...reportsEn,
  ...knowledgeEn,
  ...syncEn,
  remote: remoteEn,
  ...recordingEn,
  ...storeEn,
  ...desktopEn,
  ...checksEn,
  ...problemsEn,
} as const;

export type Messages = Strings<typeof en>;
