import type { checksEn } from './checks.en';
import type { Strings } from './strings';

/** Texte français de la vue Santé (contrôles préventifs) ; fusionné dans fr.ts. */
export const checksFr: Strings<typeof checksEn> = {
  health: {
    title: 'Santé',
    plan: 'Plan : {{title}} (version {{version}})',
    running: 'Tourne en arrière-plan',
    stopped: 'Ne tourne pas en arrière-plan',
    enable: 'Faire tourner ce plan en arrière-plan',
    disable: 'Arrêter les contrôles en arrière-plan',
    runNow: 'Lancer tous les contrôles maintenant',
    runningNow: 'Contrôle de {{done}} postes sur {{total}}…',
    empty: 'Aucune mesure pour l’instant. Lancez les contrôles maintenant, ou activez-les en arrière-plan : les postes du carnet sont contrôlés selon le plan, et un contrôle en échec ouvre un ticket tout seul.',
    atRisk: 'À risque',
    atRiskLabel: 'Contrôles à risque, en échec d’abord puis par délai avant panne prévu',
    noRisk: 'Rien à risque.',
    grid: 'Postes et contrôles',
    gridLabel: 'Dernier état de chaque contrôle sur chaque poste',
    filter: 'Filtrer les postes',
    host: 'Poste',
    check: 'Contrôle',
    state: 'État',
    ticket: 'Ticket',
    reachable: 'Joignable',
    daysLeft: 'plein dans {{days}} jours',
    openTicket: 'Ouvrir le ticket',
    noTicket: '—',
    keys: '↑/↓ choisit une ligne, Entrée ouvre son ticket, / filtre les postes, l lance les contrôles.',
    status: { pass: 'OK', warn: 'Alerte', fail: 'En échec', unavailable: 'Non mesurable', unreachable: 'Injoignable' },
    at: 'le {{time}}',
  },
};
