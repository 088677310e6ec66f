import i18next from 'i18next';
import type { LocalizedText } from '../../../shared/checklists';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** How a `checklist_step_recorded` event reads in the ticket's timeline (wizard runs and older plain results). */
export function checklistEventText(payload: Record<string, unknown>, t: Translate): { summary: string; body?: string } {
  const lang = i18next.language?.startsWith('fr') ? 'fr' : 'en';
  const label = (payload.label as LocalizedText | undefined)?.[lang];
  const mark = (payload.mark as { kind?: string } | undefined)?.kind;
  const step = String(payload.stepId);
  const outcome = String(payload.outcome);
  const body = [payload.reading, payload.note].filter((x): x is string => typeof x === 'string' && x !== '').join('\n') || undefined;
  const withBody = (summary: string) => (body === undefined ? { summary } : { summary, body });
  switch (mark) {
    case 'start':
      return { summary: t('checklists.timeline.start', { title: label ?? String(payload.checklistId) }) };
    case 'back':
      return { summary: t('checklists.timeline.back', { step }) };
    case 'applied':
      return { summary: t('checklists.timeline.applied', { what: label ?? step }) };
    case 'answer':
      return withBody(t('checklists.timeline.step', { step, what: label ?? outcome }));
    case 'probe': {
      const result = (payload.mark as { result?: string }).result ?? outcome;
      return withBody(t('checklists.timeline.step', { step, what: t(`checklists.wizard.result.${result}`, { defaultValue: result }) }));
    }
    case 'instruction':
      return withBody(t('checklists.timeline.step', { step, what: t(`checklists.branches.${outcome === 'pass' ? 'done' : 'failed'}`) }));
    case 'skipped':
      return { summary: t('checklists.timeline.step', { step, what: t('checklists.wizard.skipped', { reason: String(payload.note ?? '') }) }) };
    default:
      return withBody(t('ticket.events.checklist_step_recorded', { step, outcome }));
  }
}
