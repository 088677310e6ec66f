import type { settingsEn } from './settings.en';
import type { Strings } from './strings';

/** Texte français des réglages : à propos, langue et thème, objectifs de SLA, catégories ; fusionné dans fr.ts. */
export const settingsFr: Strings<typeof settingsEn> = {
  settings: {
    title: 'Réglages',
    about: 'À propos de cette installation',
    version: 'Version',
    dataFolder: 'Dossier de données',
    schemaVersion: 'Version du schéma de la base',
    runtime: 'Environnement',
    platform: 'Plateforme',
    appearance: 'Langue et apparence',
    language: 'Langue',
    theme: 'Thème',
    system: 'Comme le système',
    french: 'Français',
    english: 'English',
    light: 'Clair',
    dark: 'Sombre',
    saved: 'Enregistré',
    level: 'Mon niveau de support',
    levelHelp: 'Le N1 exécute les procédures publiées ; les N2 et N3 les écrivent et les publient aussi.',
    levelNone: 'Pas encore donné (compte comme N1)',
    levelFromHub: 'Donné par le hub de votre équipe : son administrateur le change.',
    levelFirstUser: 'La première personne qui choisit un niveau devient responsable des données de cet ordinateur.',
    levelYouLead: 'Vous êtes responsable des données de cet ordinateur : vous seul changez les niveaux ici.',
    levelFromLead: 'Donné par {{lead}}, responsable des données de cet ordinateur.',
  },
  settingsSla: {
    title: 'Objectifs de SLA',
    help: 'Heures par priorité. L’enregistrement recale aussitôt les délais des tickets ouverts.',
    own: 'Prise en charge (h)',
    resolve: 'Résolution (h)',
    save: 'Enregistrer les objectifs',
  },
  settingsCategories: {
    title: 'Catégories',
    path: 'Chemin (parent/enfant)',
    fr: 'Libellé français',
    en: 'Libellé anglais',
    save: 'Ajouter ou renommer',
  },
};
