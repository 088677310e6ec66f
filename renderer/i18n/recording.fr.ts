import type { recordingEn } from './recording.en';
import type { Strings } from './strings';

/** Texte français de l’enregistrement et de la relecture des sessions de terminal ; fusionné dans fr.ts. */
export const recordingFr: Strings<typeof recordingEn> = {
  recording: {
    legend: 'Enregistrement de session',
    option: 'Enregistrer cette session dans le ticket',
    ticket: 'Ticket auquel joindre l’enregistrement',
    pickTicket: 'Choisir un ticket…',
    privacy: 'Seul ce qu’affiche l’écran est enregistré ; ce qui est tapé sans écho (mots de passe) ne l’est pas.',
    recordingShort: 'enregistrement en cours',
    recordingTo: 'Enregistrement vers',
    stop: 'Arrêter l’enregistrement',
    truncated: 'Enregistrement arrêté à la taille maximale ; il sera joint à la fin de la session, au ticket',
    saved: 'Enregistrement {{name}} joint à',
    failed: 'L’enregistrement n’a pas pu être joint ({{why}}) ; il est conservé et sera joint au prochain démarrage.',
    fromTicket: 'Enregistrer une session de terminal',
  },
  replay: {
    open: 'Rejouer {{name}}',
    title: 'Relecture de {{name}}',
    back: 'Retour au ticket',
    controls: 'Lecture',
    play: 'Lire',
    pause: 'Pause',
    space: 'Espace',
    position: 'Position dans l’enregistrement',
    progress: '{{at}} sur {{of}}',
    speed: 'Vitesse',
    idleNote: 'Les pauses de plus de {{seconds}} s sont raccourcies.',
    screen: 'Terminal enregistré (lecture seule)',
    keys: 'Touches : Espace lecture ou pause, ← → 5 secondes en arrière ou en avant, Début depuis le début, 1 2 4 vitesse.',
    jumpTo: 'Aller à',
    commands: 'Commandes et notes',
  },
};
