import type { knowledgeEn } from './knowledge.en';
import type { Strings } from './strings';

/** Texte français de la base de connaissances ; fusionné dans fr.ts. */
export const knowledgeFr: Strings<typeof knowledgeEn> = {
  knowledge: {
    title: 'Base de connaissances',
    new: 'Nouvel article',
    search: 'Rechercher un article (/)',
    kindLabel: 'Type',
    allKinds: 'Tous les types',
    empty: 'Aucun article ne correspond.',
    back: 'Base de connaissances',
    edit: 'Modifier',
    editing: 'Modification : {{title}}',
    publish: 'Publier',
    save: 'Enregistrer',
    preview: 'Aperçu',
    workaround: 'Contournement',
    whys: 'Analyse de cause (5 pourquoi)',
    tickets: 'Tickets',
    history: 'Versions',
    kind: { investigation: 'Plan d’investigation', resolution: 'Plan de résolution', known_error: 'Erreur connue' },
    status: { draft: 'Brouillon', published: 'Publié', archived: 'Archivé' },
    event: { created: 'Créé', edited: 'Modifié', published: 'Publié', archived: 'Archivé' },
    field: { title: 'Titre', category: 'Catégorie', tags: 'Mots-clés', body: 'Texte (Markdown)' },
  },
};
