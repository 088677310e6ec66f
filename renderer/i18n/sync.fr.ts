import type { syncEn } from './sync.en';
import type { Strings } from './strings';

/** Texte français de la synchronisation avec le hub d’équipe ; fusionné dans fr.ts. */
export const syncFr: Strings<typeof syncEn> = {
  sync: {
    title: 'Synchronisation avec le hub d’équipe',
    state: 'État',
    states: { unconfigured: 'Non connecté à un hub', syncing: 'Synchronisation…', unknown: 'Pas encore essayé', online: 'Hub joignable', offline: 'Hub injoignable : travail hors ligne' },
    hub: 'Hub',
    as: 'en tant que {{user}}',
    lastSync: 'Dernière synchro',
    never: 'jamais',
    waiting: 'En attente d’envoi',
    rejected: 'Refusés par le hub',
    retryRejected: 'Les renvoyer',
    events: '{{count}} événements',
    events_one: '{{count}} événement',
    clock: 'Horloge',
    clockAhead: 'L’horloge de cet ordinateur avance de {{minutes}} min sur le hub : les événements sont datés à l’heure du hub.',
    clockBehind: 'L’horloge de cet ordinateur retarde de {{minutes}} min sur le hub : les événements sont datés à l’heure du hub.',
    tokenInMemory: 'Le coffre de secrets est verrouillé : le jeton est gardé en mémoire seulement et devra être ressaisi après un redémarrage. Déverrouillez le coffre (Postes) pour le garder chiffré.',
    tokenLocked: 'Le jeton est dans le coffre verrouillé : déverrouillez-le (Postes) pour synchroniser.',
    progress: 'Progression de la synchro',
    pushing: 'Envoi de {{done}} / {{total}} événements',
    pulling: 'Réception de {{done}} / {{total}} événements',
    now: 'Synchroniser',
    disconnect: 'Déconnecter',
    hubUrl: 'Adresse du hub',
    name: 'Votre nom, tel que le hub le connaît',
    token: 'Jeton d’accès',
    tokenHint: 'Fourni par l’administrateur du hub (hub token issue). Vos événements portent votre nom : le hub n’accepte que celui de son utilisateur. Seules les adresses https:// sont permises, sauf localhost.',
    connect: 'Connecter',
    update: 'Enregistrer',
    bar: {
      hub: 'Hub',
      hubOffline: 'Hub hors ligne',
      last: 'synchro {{when}}',
      waiting: '{{count}} en attente',
      waiting_one: '{{count}} en attente',
    },
  },
};
