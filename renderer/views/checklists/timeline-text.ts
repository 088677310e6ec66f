import i18next from 'i18next';
import { useQueries } from '@tanstack/react-query';
import type { ChecklistDocument } from '../../../shared/checklists';
import type { TimelineEntry } from '../../../shared/contract';
import { recordLine, stepInfoOf, type ChecklistRecord, type StepLookup } from '../../../shared/reports/checklist-story';
import { callKey, client } from '../../api/client';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * The checklist versions a timeline's records were made with, fetched once each, as the lookup the incident
 * report uses: a record reads as its question and answer, a probe as its reading in words.
 */
export function useChecklistSteps(entries: readonly TimelineEntry[]): StepLookup {
  const refs = new Map<string, { id: string; version: number }>();
  for (const entry of entries) {
    if (entry.type !== 'checklist_step_recorded') continue;
    const p = entry.payload as ChecklistRecord;
    refs.set(`${p.checklistId}@${p.checklistVersion}`, { id: p.checklistId, version: p.checklistVersion });
  }
  const list = [...refs.values()];
  const docs = useQueries({
    queries: list.map((ref) => ({
      queryKey: callKey('checklists.get', ref),
      queryFn: () => client.call('checklists.get', ref),
      staleTime: Infinity,
      retry: false,
    })),
  });
  const byRef = new Map<string, ChecklistDocument>();
  docs.forEach((q, i) => {
    if (q.data) byRef.set(`${list[i]!.id}@${list[i]!.version}`, q.data);
  });
  return (id, version, stepId) => {
    const doc = byRef.get(`${id}@${version}`);
    return doc ? stepInfoOf(doc, stepId) : undefined;
  };
}

/** How a `checklist_step_recorded` event reads in the ticket's timeline (wizard runs and older plain results). */
export function checklistEventText(payload: Record<string, unknown>, t: Translate, lookup: StepLookup): { summary: string; body?: string } {
  const lang = i18next.language?.startsWith('fr') ? 'fr' : 'en';
  const record = payload as ChecklistRecord;
  const info = lookup(record.checklistId, record.checklistVersion, record.stepId);
  const stepText = info?.label[lang] ?? record.stepId;
  switch (record.mark?.kind) {
    case 'start':
      return { summary: t('checklists.timeline.start', { title: record.label?.[lang] ?? record.checklistId }) };
    case 'back':
      return { summary: t('checklists.timeline.back', { step: stepText }) };
    case 'applied':
      return { summary: t('checklists.timeline.applied', { what: record.label?.[lang] ?? info?.diagnosis?.[lang] ?? stepText }) };
    case 'skipped':
      return { summary: t('checklists.timeline.step', { step: stepText, what: t('checklists.wizard.skipped', { reason: record.note ?? '' }) }) };
  }
  // Questions with the answer taken, instructions, probes with their reading in words: as the report tells them.
  const line = recordLine(record, info, lang);
  const body = line?.detail ?? '';
  const summary = t('checklists.timeline.step', { step: line?.step ?? stepText, what: line?.outcome ?? record.outcome });
  return body ? { summary, body } : { summary };
}
