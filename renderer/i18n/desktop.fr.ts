import type { desktopEn } from './desktop.en';
import type { Strings } from './strings';

/** Textes français du panneau de bureau à distance ; fusionnés dans fr.ts. */
export const desktopFr: Strings<typeof desktopEn> = {
  desktop: {
    tab: 'Bureau à distance',
    title: 'Bureau à distance',
    intro: 'L’écran passe par la connexion SSH vers {{name}} : aucun port VNC n’est ouvert sur le réseau.',
    connect: 'Se connecter au serveur VNC',
    connectHint: 'Un serveur VNC tourne déjà sur le poste (127.0.0.1:{{port}} vu du poste).',
    share: 'Démarrer le partage',
    shareHint: 'Lance x11vnc sur l’écran de l’utilisateur, pour cette session seulement, avec un mot de passe à usage unique ; il s’arrête à la fermeture.',
    port: 'Port VNC sur le poste',
    savePort: 'Enregistrer le port',
    portSaved: 'Enregistré : port {{port}}.',
    badPort: 'Un port est un nombre entier de 1 à 65535.',
    steps: {
      ssh: 'Connexion SSH à {{name}}…',
      display: 'Recherche de l’écran de l’utilisateur…',
      server: 'Démarrage du partage d’écran sur {{name}}…',
      vnc: 'Connexion au serveur VNC…',
      rfb: 'Ouverture de l’écran…',
    },
    cancel: 'Annuler',
    cancelled: 'Connexion annulée.',
    viewOnly: 'Lecture seule : votre souris et votre clavier ne sont pas transmis.',
    inControl: 'Vous avez la main : votre souris et votre clavier agissent sur l’écran distant.',
    takeControl: 'Prendre la main',
    releaseControl: 'Rendre la main',
    scale: 'Adapter à la fenêtre',
    ctrlAltDel: 'Ctrl+Alt+Suppr',
    disconnect: 'Se déconnecter',
    reconnect: 'Se reconnecter',
    screenLabel: 'Écran distant de {{name}}',
    password: 'Mot de passe VNC',
    passwordIntro: 'Le serveur VNC demande son mot de passe.',
    sendPassword: 'Se connecter',
    ended: {
      closed: 'Le bureau à distance est fermé.',
      server_died: 'Le serveur VNC s’est arrêté.',
      ssh_dropped: 'La connexion SSH vers {{name}} a été perdue.',
      rfb: 'La session VNC est terminée.',
    },
    securityFailure: 'Le serveur VNC a refusé la connexion : {{reason}}',
    shortcuts: 'Raccourcis : Ctrl+Alt+C prendre ou rendre la main, Ctrl+Alt+S adapter, Ctrl+Alt+Q se déconnecter.',
  },
};
