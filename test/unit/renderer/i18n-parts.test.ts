import { describe, expect, it } from 'vitest';
import { checklistsEn } from '../../../renderer/i18n/checklists.en';
import { en } from '../../../renderer/i18n/en';
import { fr } from '../../../renderer/i18n/fr';
import { hostsEn } from '../../../renderer/i18n/hosts.en';
import { inventoryEn } from '../../../renderer/i18n/inventory.en';
import { knowledgeEn } from '../../../renderer/i18n/knowledge.en';
import { problemsEn } from '../../../renderer/i18n/problems.en';
import { queueEn } from '../../../renderer/i18n/queue.en';
import { recordingEn } from '../../../renderer/i18n/recording.en';
import { reportsEn } from '../../../renderer/i18n/reports.en';
import { settingsEn } from '../../../renderer/i18n/settings.en';
import { shellEn } from '../../../renderer/i18n/shell.en';
import { syncEn } from '../../../renderer/i18n/sync.en';
import { ticketEn } from '../../../renderer/i18n/ticket.en';

// en.ts spreads these parts: a top-level key defined in two of them would silently lose one side.
const SPREAD_PARTS = { checklistsEn, hostsEn, inventoryEn, knowledgeEn, problemsEn, queueEn, recordingEn, reportsEn, settingsEn, shellEn, syncEn, ticketEn };

describe('UI text assembled from one file per domain', () => {
  it('no two domain files define the same top-level key', () => {
    const owners = new Map<string, string[]>();
    for (const [part, strings] of Object.entries(SPREAD_PARTS)) {
      for (const key of Object.keys(strings)) owners.set(key, [...(owners.get(key) ?? []), part]);
    }
    expect([...owners].filter(([, parts]) => parts.length > 1)).toEqual([]);
  });

  it('every top-level section of the English text has its French counterpart', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });
});
