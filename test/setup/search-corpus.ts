/**
 * Tickets, knowledge articles and the searches technicians type all day (error codes, KB numbers, paths,
 * file names, accents, quotes, operators, stray brackets), with what each must find. Shared by the
 * integration test (every query, over a real store) and the e2e test (a few of them typed in Chromium).
 */

export interface CorpusTicket {
  key: string;
  title: string;
  description: string;
  comment?: string;
}

export interface CorpusArticle {
  key: string;
  title: string;
  body: string;
  tags?: string[];
}

export const TICKETS: readonly CorpusTicket[] = [
  {
    key: 'update',
    title: 'Windows Update échoue avec 0x80070005',
    description: 'ERROR_ACCESS_DENIED dans C:\\Windows\\Logs\\CBS\\CBS.log pendant KB5034441.',
  },
  {
    key: 'setup',
    title: 'Installation de setup_x64.exe bloquée',
    description: 'Le partage \\\\srv-files\\deploy\\setup_x64.exe renvoie 0x80070002 (fichier introuvable).',
  },
  {
    key: 'spooler',
    title: 'Imprimante hors ligne au 2e étage',
    description: 'Le spooler s’arrête tout seul ; relancé avec net stop spooler puis net start spooler.',
    comment: 'ping -t 10.0.0.12 perd un paquet sur dix',
  },
  {
    key: 'share',
    title: 'Access denied on the shared drive',
    description: 'The accounting team cannot open /mnt/share/compta since Monday.',
  },
  {
    key: 'screen',
    title: 'Écran noir après la mise à jour',
    description: 'Le poste démarre puis l’écran reste noir.',
  },
  {
    key: 'script',
    title: 'Script de sauvegarde en échec',
    description: 'La variable a_b n’est pas définie ; le compte svc_backup est verrouillé.',
  },
  {
    key: 'dism',
    title: 'Réparer l’image système',
    description: 'Lancer DISM /Online /Cleanup-Image /RestoreHealth puis sfc /scannow.',
  },
];

export const ARTICLES: readonly CorpusArticle[] = [
  {
    key: 'update',
    title: 'Erreur 0x80070005 (ERROR_ACCESS_DENIED) pendant Windows Update',
    body: 'Arrêter le service avec net stop wuauserv, vider C:\\Windows\\SoftwareDistribution puis réinstaller KB5034441.',
    tags: ['windows-update'],
  },
  {
    key: 'share',
    title: 'Access is denied on a network share',
    body: 'Check the NTFS rights on \\\\srv-files\\compta and the share permissions.',
  },
  {
    key: 'setup',
    title: 'Installer setup_x64.exe sans questions',
    body: 'Lancer setup_x64.exe /S /v/qn depuis /opt/deploy/bin.',
  },
  {
    key: 'screen',
    title: 'Écran noir au démarrage',
    body: 'Vérifier le câble et l’écran externe.',
  },
];

export interface CorpusQuery {
  text: string;
  /** Keys of the tickets the queue must list, in any order (exactly these); `all`: no words to search. */
  tickets: readonly string[] | 'all';
  /** Keys of the articles the knowledge search must list, in any order (exactly these). */
  articles: readonly string[] | 'all';
  /** Why this case is here, when not obvious. */
  why?: string;
}

export const QUERIES: readonly CorpusQuery[] = [
  // Windows error and hex codes.
  { text: '0x80070005', tickets: ['update'], articles: ['update'] },
  { text: '0X80070005', tickets: ['update'], articles: ['update'] },
  { text: '0x8007', tickets: ['update', 'setup'], articles: ['update'], why: 'the last word is a prefix while typing' },
  { text: '0x80070057', tickets: [], articles: [] },
  { text: 'ERROR_ACCESS_DENIED', tickets: ['update'], articles: ['update'], why: 'underscores were read as a phrase' },
  { text: 'error_access_denied', tickets: ['update'], articles: ['update'] },
  { text: 'ACCESS_DENIED', tickets: ['update', 'share'], articles: ['update'], why: 'the KB keeps word positions: a phrase; "Access is denied" is not it' },
  { text: 'access denied', tickets: ['update', 'share'], articles: ['update', 'share'] },
  // KB numbers.
  { text: 'KB5034441', tickets: ['update'], articles: ['update'] },
  { text: 'kb5034441', tickets: ['update'], articles: ['update'] },
  { text: 'KB5034440', tickets: [], articles: [] },
  // Paths, both slashes, UNC.
  { text: 'C:\\Windows\\Logs\\CBS\\CBS.log', tickets: ['update'], articles: [] },
  { text: 'C:/Windows/Logs/CBS', tickets: ['update'], articles: [] },
  { text: 'C:\\Windows\\SoftwareDistribution', tickets: [], articles: ['update'] },
  { text: '\\\\srv-files\\deploy\\setup_x64.exe', tickets: ['setup'], articles: [] },
  { text: '\\\\srv-files\\compta', tickets: [], articles: ['share'] },
  { text: '/mnt/share/compta', tickets: ['share'], articles: [] },
  { text: '/opt/deploy/', tickets: [], articles: ['setup'] },
  // File names, identifiers, command lines.
  { text: 'setup_x64.exe', tickets: ['setup'], articles: ['setup'] },
  { text: 'setup_x64', tickets: ['setup'], articles: ['setup'] },
  { text: 'a_b', tickets: ['script'], articles: [] },
  { text: 'svc_backup', tickets: ['script'], articles: [] },
  { text: 'CBS.log', tickets: ['update'], articles: [] },
  { text: 'net stop spooler', tickets: ['spooler'], articles: [] },
  { text: 'ping -t', tickets: ['spooler'], articles: [], why: 'a dash is part of a command line, not an exclusion' },
  { text: '10.0.0.12', tickets: ['spooler'], articles: [] },
  { text: 'DISM /Online /Cleanup-Image /RestoreHealth', tickets: ['dism'], articles: [] },
  { text: 'sfc /scannow', tickets: ['dism'], articles: [] },
  { text: '/S /v/qn', tickets: [], articles: ['setup'] },
  // Accents, either way.
  { text: 'écran', tickets: ['screen'], articles: ['screen'] },
  { text: 'ecran noir', tickets: ['screen'], articles: ['screen'] },
  { text: 'ÉCRAN', tickets: ['screen'], articles: ['screen'] },
  { text: 'E\u0301cran', tickets: ['screen'], articles: ['screen'], why: 'decomposed accent (NFD), as some keyboards send it' },
  { text: 'échoue', tickets: ['update'], articles: [] },
  // Quotes, balanced or not.
  { text: '"access denied"', tickets: ['update', 'share'], articles: ['update'], why: 'quotes make a phrase where positions are kept' },
  { text: '"access denied', tickets: ['update', 'share'], articles: ['update'] },
  { text: 'spooler"', tickets: ['spooler'], articles: [] },
  { text: '"', tickets: 'all', articles: 'all' },
  { text: "l'écran", tickets: ['screen'], articles: ['screen'] },
  // Operators.
  { text: 'imprimante AND spooler', tickets: ['spooler'], articles: [] },
  { text: 'imprimante OR écran', tickets: ['spooler', 'screen'], articles: ['screen'] },
  { text: 'spooler NOT ping', tickets: [], articles: [] },
  { text: 'net NOT spooler', tickets: [], articles: ['update', 'share'], why: '"net" is the last searched word: a prefix, so "network" too' },
  { text: 'NEAR(imprimante spooler)', tickets: ['spooler'], articles: [] },
  { text: 'spool*', tickets: ['spooler'], articles: [] },
  { text: '0x8007* echoue', tickets: ['update'], articles: [] },
  { text: '-5', tickets: [], articles: [] },
  { text: 'AND', tickets: [], articles: ['share'], why: 'only an operator word: searched as a word' },
  { text: 'OR NOT', tickets: [], articles: [] },
  { text: '*', tickets: 'all', articles: 'all' },
  // Brackets and stray syntax.
  { text: '(spooler', tickets: ['spooler'], articles: [] },
  { text: 'spooler)', tickets: ['spooler'], articles: [] },
  { text: 'title:spooler', tickets: [], articles: [], why: 'no column filter from user text: "title" is a word like the others' },
  { text: 'spooler: hors ligne', tickets: ['spooler'], articles: [] },
  { text: '^spooler', tickets: ['spooler'], articles: [] },
  { text: 'spooler +', tickets: ['spooler'], articles: [] },
  { text: '"); DROP TABLE tickets; --', tickets: [], articles: [] },
];
