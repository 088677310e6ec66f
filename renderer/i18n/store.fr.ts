import type { storeEn } from './store.en';
import type { Strings } from './strings';

/** Texte français de l’avis affiché au démarrage quand la base attend l’utilisateur ; fusionné dans fr.ts. */
export const storeFr: Strings<typeof storeEn> = {
  store: {
    emptyTitle: 'Le fichier de la base est vide',
    emptyBody:
      'Atelier garde vos tickets, votre carnet d’hôtes et vos inventaires dans {{file}}. Ce fichier est vide (0 octet) : il ne contient rien, et a pu être tronqué par un plantage, un disque plein ou une copie inachevée. Rien n’a été modifié.',
    emptyChoice:
      'Si vous avez une sauvegarde, mettez-la à la place de ce fichier, puis vérifiez à nouveau. Sinon, Atelier peut mettre le fichier vide de côté (renommé atelier.db.empty-<date>, dans le même dossier) et commencer une nouvelle base, vide.',
    startFresh: 'Le mettre de côté et commencer une nouvelle base',
    starting: 'Création d’une nouvelle base…',
    checkAgain: 'Vérifier à nouveau',
  },
};
