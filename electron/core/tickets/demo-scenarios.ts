import type { Impact, Urgency } from '../../../shared/tickets';

/** One kind of call the demo workspace makes tickets from, in the requester's language. */
export interface Scenario {
  lang: 'fr' | 'en';
  category: string;
  title: string;
  description: string;
  impact: Impact;
  urgency: Urgency;
  comments: string[];
  resolution: string;
  rootCause: string;
  escalation?: string;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    lang: 'fr', category: 'hardware/disk', impact: 2, urgency: 1,
    title: 'PC très lent, bruit de cliquetis au démarrage',
    description: 'Le poste met plus de 10 minutes à démarrer et le disque fait un bruit régulier. Des fichiers Excel ne s’ouvrent plus.',
    comments: ['SMART : 142 secteurs réalloués, état « FAILING ».', 'Sauvegarde des données utilisateur lancée sur le NAS.'],
    resolution: 'Disque dur remplacé par un SSD 512 Go, système restauré depuis l’image, données recopiées.',
    rootCause: 'Disque mécanique en fin de vie (secteurs réalloués en hausse).',
    escalation: 'Remplacement matériel sous garantie : validation N2 requise.',
  },
  {
    lang: 'en', category: 'network/wifi', impact: 2, urgency: 2,
    title: 'Wi-Fi drops every few minutes in meeting room B',
    description: 'Laptops lose the corporate Wi-Fi every 5-10 minutes in room B only; wired is fine.',
    comments: ['Signal at -78 dBm in the room; the nearest access point is on channel 6 like its neighbour.', 'Asked facilities for access to the ceiling.'],
    resolution: 'Moved AP-2F-03 to channel 11 and raised its power; roaming threshold adjusted on the controller.',
    rootCause: 'Co-channel interference between two access points and weak coverage in the room.',
    escalation: 'Controller change needs the network team (N3).',
  },
  {
    lang: 'fr', category: 'hardware/printer', impact: 2, urgency: 2,
    title: 'L’imprimante de l’accueil n’imprime plus',
    description: 'Les documents partent dans la file mais rien ne sort. Voyant orange sur l’imprimante.',
    comments: ['File CUPS bloquée : 14 travaux en attente, erreur « filter failed ».', 'Bourrage papier retiré du bac 2.'],
    resolution: 'Bourrage retiré, file d’impression purgée et pilote PPD réinstallé.',
    rootCause: 'Bourrage papier puis travail corrompu bloquant la file.',
  },
  {
    lang: 'en', category: 'account/password', impact: 3, urgency: 1,
    title: 'Cannot log in: account locked after password change',
    description: 'User changed her password this morning and is now locked out of her laptop and email.',
    comments: ['Account locked by 5 bad attempts from her phone (old password in the mail app).'],
    resolution: 'Account unlocked; old password removed from the phone’s mail app; user signed in.',
    rootCause: 'A phone kept retrying the old password and locked the account.',
  },
  {
    lang: 'fr', category: 'network/vpn', impact: 2, urgency: 2,
    title: 'VPN impossible depuis le domicile',
    description: 'Le client VPN reste sur « Connexion… » puis échoue avec un délai dépassé. Fonctionnait la semaine dernière.',
    comments: ['La box du domicile bloque l’UDP 500/4500.', 'Test en TCP 443 concluant.'],
    resolution: 'Profil VPN basculé en mode TCP 443 ; connexion stable vérifiée avec l’utilisateur.',
    rootCause: 'Filtrage UDP IPsec par la box du fournisseur d’accès.',
  },
  {
    lang: 'en', category: 'software/crash', impact: 3, urgency: 2,
    title: 'Accounting software crashes at start',
    description: 'The accounting application closes right after the splash screen since yesterday’s update.',
    comments: ['Event log: faulting module is a third-party PDF plugin.', 'Vendor confirms a known issue with plugin 4.2.'],
    resolution: 'PDF plugin updated to 4.2.1 as the vendor advised; application starts normally.',
    rootCause: 'Incompatible plugin version after the application update.',
    escalation: 'Vendor ticket opened by N2.',
  },
  {
    lang: 'fr', category: 'hardware/battery', impact: 3, urgency: 3,
    title: 'Batterie du portable qui se vide en une heure',
    description: 'Le portable ne tient plus qu’une heure sur batterie, contre une journée à l’achat.',
    comments: ['Usure batterie 47 %, 812 cycles.'],
    resolution: 'Batterie remplacée (pièce d’origine).',
    rootCause: 'Usure normale de la batterie (47 % de capacité perdue).',
  },
  {
    lang: 'en', category: 'hardware/performance', impact: 3, urgency: 3,
    title: 'Computer is slow since the last update',
    description: 'Everything takes ages to open since Tuesday; the fan runs constantly.',
    comments: ['Disk 97 % full; 40 GB of old update files.', 'Cleaned the update cache with the user’s agreement.'],
    resolution: 'Freed 52 GB (update cache, temp files); startup back to 45 s.',
    rootCause: 'System disk nearly full after several updates.',
  },
  {
    lang: 'fr', category: 'software/email', impact: 2, urgency: 2,
    title: 'Messagerie : les mails ne partent plus',
    description: 'Les messages restent dans la boîte d’envoi avec une erreur d’authentification.',
    comments: ['Mot de passe d’application expiré sur le client lourd.'],
    resolution: 'Nouveau mot de passe d’application créé et saisi dans le client ; envoi vérifié.',
    rootCause: 'Expiration du mot de passe d’application.',
  },
  {
    lang: 'en', category: 'hardware/power', impact: 1, urgency: 1,
    title: 'Reception PC does not power on',
    description: 'No light, no fan when pressing the power button. Front desk cannot check in visitors.',
    comments: ['Tested another power cable and outlet: nothing. PSU fan does not spin.', 'Spare PC deployed for the front desk meanwhile.'],
    resolution: 'Power supply replaced; PC boots and passes diagnostics.',
    rootCause: 'Failed power supply unit.',
    escalation: 'Hardware replacement approved by N2.',
  },
  {
    lang: 'fr', category: 'software/os', impact: 2, urgency: 1,
    title: 'Écran bleu au démarrage (CRITICAL_PROCESS_DIED)',
    description: 'Le poste redémarre en boucle avec un écran bleu depuis ce matin.',
    comments: ['Démarrage en mode sans échec possible.', 'Pilote de stockage mis à jour hier soir par l’outil constructeur.'],
    resolution: 'Retour au pilote précédent depuis le mode sans échec ; mises à jour du pilote suspendues.',
    rootCause: 'Pilote de contrôleur de stockage défectueux.',
    escalation: 'Analyse du vidage mémoire par N3.',
  },
  {
    lang: 'en', category: 'network/dns', impact: 1, urgency: 2,
    title: 'No internet on the whole second floor',
    description: 'Nobody on the second floor can open websites; internal apps by IP work.',
    comments: ['DHCP hands out a DNS server that no longer exists.', 'Switch stack rebooted overnight with an old config.'],
    resolution: 'DHCP scope option 6 fixed to the current DNS servers; leases renewed.',
    rootCause: 'Old DHCP configuration restored after a switch reboot.',
    escalation: 'Network team (N3) to fix the saved configuration.',
  },
  {
    lang: 'fr', category: 'account/access', impact: 3, urgency: 3,
    title: 'Demande d’accès au partage « Comptabilité »',
    description: 'Nouvelle arrivée au service comptable : besoin d’un accès en lecture/écriture au partage.',
    comments: ['Validation du responsable reçue par mail.'],
    resolution: 'Compte ajouté au groupe GG-Compta-RW ; accès vérifié avec l’utilisatrice.',
    rootCause: 'Demande standard (nouvelle arrivée).',
  },
  {
    lang: 'en', category: 'hardware/display', impact: 3, urgency: 2,
    title: 'Second monitor not detected after docking',
    description: 'Since the new dock, the second screen stays black.',
    comments: ['Dock firmware is two versions behind.'],
    resolution: 'Dock firmware and display driver updated; both screens detected.',
    rootCause: 'Outdated dock firmware.',
  },
];

export const REQUESTERS = {
  fr: ['Claire Dubois', 'Thomas Moreau', 'Inès Garnier', 'Lucas Petit', 'Manon Rousseau', 'Hugo Lambert', 'Léa Fontaine'],
  en: ['Emma Wilson', 'James Carter', 'Olivia Brown', 'Noah Davies', 'Grace Taylor', 'Liam Evans'],
} as const;

export const SITES = ['Lyon – Part-Dieu', 'Paris 11e', 'Nantes entrepôt', 'Bordeaux agence', 'Lille siège', 'London office'] as const;

export const TECHNICIANS = ['Camille Martin', 'Julien Bernard', 'Sarah Lefèvre', 'Alex Morgan', 'Nadia Haddad'] as const;
