/**
 * What a command in a drafted procedure is for: why an N1 runs it and what to look for in its output. Known
 * commands get both from this catalogue; any other gets a marker the author replaces before publishing
 * (kb publication refuses a body that still holds one), so no command reaches N1 without its purpose.
 */
import type { Language } from '../contract/app';

export interface CommandPurpose {
  why: string;
  lookFor: string;
}

type Entry = { match: RegExp; fr: CommandPurpose; en: CommandPurpose };

const CATALOGUE: readonly Entry[] = [
  {
    match: /^df\b/,
    fr: { why: 'voir la place libre de chaque volume', lookFor: 'un volume utilisé à plus de 90 % (colonne Use% / Uti%)' },
    en: { why: 'see the free space of each volume', lookFor: 'a volume more than 90 % used (Use% column)' },
  },
  {
    match: /^du\b/,
    fr: { why: 'trouver ce qui occupe la place dans un dossier', lookFor: 'les plus gros dossiers, en tête une fois triés' },
    en: { why: 'find what takes the room in a folder', lookFor: 'the largest folders, first once sorted' },
  },
  {
    match: /^free\b/,
    fr: { why: 'voir la mémoire vive et le swap', lookFor: 'peu de mémoire « available » et un swap très utilisé' },
    en: { why: 'see memory and swap use', lookFor: 'little "available" memory and a heavily used swap' },
  },
  {
    match: /^(uptime|w)\b/,
    fr: { why: 'voir depuis quand la machine tourne et sa charge', lookFor: 'un redémarrage récent inattendu, une charge durablement au-dessus du nombre de cœurs' },
    en: { why: 'see how long the machine has been up and its load', lookFor: 'an unexpected recent reboot, a load steadily above the number of cores' },
  },
  {
    match: /^(top|htop|ps)\b/,
    fr: { why: 'voir quels processus prennent le processeur ou la mémoire', lookFor: 'un processus qui reste en tête de %CPU ou %MEM' },
    en: { why: 'see which processes take the CPU or memory', lookFor: 'a process that stays at the top of %CPU or %MEM' },
  },
  {
    match: /^(sudo\s+)?systemctl\s+(status|is-active|is-failed)\b/,
    fr: { why: 'voir l’état du service', lookFor: '« active (running) » ; sinon « failed » et les dernières lignes de journal sous l’état' },
    en: { why: 'see the state of the service', lookFor: '"active (running)"; otherwise "failed" and the last log lines under the state' },
  },
  {
    match: /^(sudo\s+)?systemctl\s+(restart|start|reload)\b/,
    fr: { why: 'relancer le service', lookFor: 'aucune sortie veut dire que c’est fait ; vérifier ensuite avec systemctl status' },
    en: { why: 'restart the service', lookFor: 'no output means it is done; check afterwards with systemctl status' },
  },
  {
    match: /^(sudo\s+)?journalctl\b/,
    fr: { why: 'lire le journal du système ou d’un service', lookFor: 'les lignes d’erreur (error, failed, denied) juste avant l’heure de la panne' },
    en: { why: 'read the system or service log', lookFor: 'error lines (error, failed, denied) just before the time of the fault' },
  },
  {
    match: /^(sudo\s+)?dmesg\b/,
    fr: { why: 'lire les messages du noyau (matériel, disques, pilotes)', lookFor: 'des erreurs d’entrée/sortie, des réinitialisations de disque ou d’USB' },
    en: { why: 'read the kernel messages (hardware, disks, drivers)', lookFor: 'I/O errors, disk or USB resets' },
  },
  {
    match: /^(sudo\s+)?smartctl\b/,
    fr: { why: 'lire la santé SMART du disque', lookFor: '« PASSED », et des secteurs réalloués ou en attente à 0' },
    en: { why: 'read the disk’s SMART health', lookFor: '"PASSED", and reallocated or pending sectors at 0' },
  },
  {
    match: /^lsblk\b/,
    fr: { why: 'lister les disques et partitions', lookFor: 'le disque attendu, sa taille et où il est monté' },
    en: { why: 'list disks and partitions', lookFor: 'the expected disk, its size and where it is mounted' },
  },
  {
    match: /^(ping|ping6)\b/,
    fr: { why: 'vérifier qu’une machine répond sur le réseau', lookFor: 'des réponses sans perte (0 % packet loss) et un temps stable' },
    en: { why: 'check that a machine answers on the network', lookFor: 'replies with no loss (0 % packet loss) and a steady time' },
  },
  {
    match: /^(traceroute|tracepath|mtr|tracert)\b/,
    fr: { why: 'voir par où passe la connexion et où elle s’arrête', lookFor: 'le dernier saut qui répond avant les « * * * »' },
    en: { why: 'see the route to a machine and where it stops', lookFor: 'the last hop that answers before the "* * *"' },
  },
  {
    match: /^(nslookup|dig|host|resolvectl)\b/,
    fr: { why: 'vérifier que le nom se résout', lookFor: 'une adresse en réponse ; NXDOMAIN ou un délai dépassé veulent dire un souci DNS' },
    en: { why: 'check that the name resolves', lookFor: 'an address in the answer; NXDOMAIN or a timeout mean a DNS problem' },
  },
  {
    match: /^ip\s+(a|addr|address)\b|^ifconfig\b|^ipconfig\b/,
    fr: { why: 'voir les interfaces réseau et leurs adresses', lookFor: 'l’interface attendue « UP » avec une adresse dans le bon réseau' },
    en: { why: 'see the network interfaces and their addresses', lookFor: 'the expected interface "UP" with an address in the right network' },
  },
  {
    match: /^ip\s+(r|route)\b|^route\b/,
    fr: { why: 'voir la passerelle par défaut', lookFor: 'une ligne « default via » vers la bonne passerelle' },
    en: { why: 'see the default gateway', lookFor: 'a "default via" line to the right gateway' },
  },
  {
    match: /^(ss|netstat)\b/,
    fr: { why: 'voir les ports ouverts et les connexions', lookFor: 'le port du service en écoute (LISTEN)' },
    en: { why: 'see open ports and connections', lookFor: 'the service’s port listening (LISTEN)' },
  },
  {
    match: /^curl\b|^wget\b/,
    fr: { why: 'tester l’accès à une adresse web', lookFor: 'le code de réponse (200 attendu) ou l’erreur de connexion' },
    en: { why: 'test access to a web address', lookFor: 'the response code (200 expected) or the connection error' },
  },
  {
    match: /^lpstat\b|^lpq\b/,
    fr: { why: 'voir les imprimantes et leur file d’attente', lookFor: 'une imprimante « disabled » ou des travaux bloqués' },
    en: { why: 'see printers and their queue', lookFor: 'a "disabled" printer or stuck jobs' },
  },
  {
    match: /^(tail|less|cat|head)\s+.*\.log\b|^(tail|less|cat)\s+\/var\/log\//,
    fr: { why: 'lire le fichier journal', lookFor: 'les lignes d’erreur les plus récentes, à l’heure de la panne' },
    en: { why: 'read the log file', lookFor: 'the most recent error lines, at the time of the fault' },
  },
  {
    match: /^(sensors)\b/,
    fr: { why: 'lire les températures', lookFor: 'un processeur au-dessus de 85 °C' },
    en: { why: 'read the temperatures', lookFor: 'a CPU above 85 °C' },
  },
  {
    match: /^(sudo\s+)?(apt|apt-get)\s+(upgrade|install|update)\b/,
    fr: { why: 'mettre à jour ou installer les paquets', lookFor: 'la fin sans « E: » (erreur)' },
    en: { why: 'update or install packages', lookFor: 'the end with no "E:" (error) line' },
  },
];

/** What the author writes in place of these markers: the only text publication refuses in a body. */
export const PURPOSE_TO_WRITE: Record<Language, CommandPurpose> = {
  fr: { why: '⟨à écrire : pourquoi la lancer⟩', lookFor: '⟨à écrire : que regarder dans sa sortie⟩' },
  en: { why: '⟨to write: why run it⟩', lookFor: '⟨to write: what to look for in its output⟩' },
};

export const PURPOSE_LABELS: Record<Language, { why: string; lookFor: string }> = {
  fr: { why: 'Pourquoi', lookFor: 'À regarder' },
  en: { why: 'Why', lookFor: 'Look for' },
};

/** The purpose of a known command, in the reader's language; null when the author has to write it. */
export function purposeOf(command: string, lang: Language): CommandPurpose | null {
  const line = command.trim();
  return CATALOGUE.find((entry) => entry.match.test(line))?.[lang] ?? null;
}

/** The commands of a Markdown body whose purpose is still a marker, in order (for a clear refusal). */
export function commandsWithoutPurpose(body: string): string[] {
  const markers = Object.values(PURPOSE_TO_WRITE).flatMap((p) => [p.why, p.lookFor]);
  const out: string[] = [];
  let command: string | null = null;
  for (const line of body.split('\n')) {
    const item = /^\d+\.\s+(`+)\s?(.*?)\s?\1\s*$/.exec(line);
    if (item) command = item[2] ?? null;
    else if (command !== null && markers.some((m) => line.includes(m)) && !out.includes(command)) out.push(command);
  }
  return out;
}
