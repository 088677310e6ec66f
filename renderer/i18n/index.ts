import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Settings } from '../../shared/contract';
import { en } from './en';
import { fr } from './fr';

export type UiLanguage = 'fr' | 'en';

/** The system's language when it is French, else English (the two languages of the UI). */
export function systemLanguage(languages: readonly string[] = navigator.languages): UiLanguage {
  return languages.find((tag) => /^(fr|en)\b/i.test(tag))?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function effectiveLanguage(setting: Settings['language']): UiLanguage {
  return setting === 'system' ? systemLanguage() : setting;
}

export async function initI18n(language: UiLanguage): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    lng: language,
    fallbackLng: 'en',
    resources: { en: { translation: en }, fr: { translation: fr } },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function setLanguage(language: UiLanguage): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
