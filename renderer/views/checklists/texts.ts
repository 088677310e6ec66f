import { useTranslation } from 'react-i18next';
import type { LocalizedText, RecordedStep, Step } from '../../../shared/checklists';

export type Lang = 'fr' | 'en';

/** The UI language, which picks the French or English text of a checklist document. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language.startsWith('fr') ? 'fr' : 'en';
}

export function loc(text: LocalizedText | undefined, lang: Lang): string {
  return text ? text[lang] : '';
}

/** The sentence a step asks or tells (a probe without text shows its probe name). */
export function stepText(step: Step, lang: Lang): string {
  switch (step.kind) {
    case 'question':
    case 'instruction':
      return step.text[lang];
    case 'probe':
      return step.text ? step.text[lang] : step.probe;
    case 'conclusion':
      return step.diagnosis[lang];
  }
}

type Reading = Extract<RecordedStep, { kind: 'probe' }>['reading'];

