/**
 * How another helpdesk's values become Atelier's: statuses, the impact / urgency / priority scales, ticket types,
 * dates, categories and HTML descriptions. Pure rules, one place; the mapping step shows what they give before
 * anything is imported.
 *
 * GLPI: status 1 new, 2 processing (assigned), 3 processing (planned), 4 pending, 5 solved, 6 closed; urgency,
 * impact and priority 1 (very low) to 5 (very high), priority 6 "major". Atelier's scales are 1 (high) to 3 (low)
 * and P1..P5 = impact + urgency - 1. GLPI 5 and 4 are high (1), 3 medium (2), 2 and 1 low (3). A GLPI priority
 * alone (its list view shows no urgency or impact) becomes the pair that gives the same rank: major and very
 * high P1, high P2, medium P3, low P4, very low P5.
 * Zendesk: new, open, pending, hold, solved, closed; low, normal, high, urgent; question, incident, problem, task.
 */
import type { Impact, Status, TicketKind, Urgency } from '../tickets';

/** Lower case, accents and punctuation folded: how labels and headers are compared. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export type ImportSource = 'glpi' | 'zendesk' | 'generic';

const STATUS_WORDS: Record<string, Status> = {
  // GLPI codes and labels (French, English)
  '1': 'new', '2': 'assigned', '3': 'in_progress', '4': 'pending', '5': 'resolved', '6': 'closed',
  nouveau: 'new', new: 'new',
  'en cours attribue': 'assigned', 'processing assigned': 'assigned',
  'en cours planifie': 'in_progress', 'processing planned': 'in_progress',
  'en attente': 'pending', pending: 'pending',
  resolu: 'resolved', solved: 'resolved',
  clos: 'closed', closed: 'closed',
  // Zendesk, Atelier's own names and common words
  open: 'assigned', hold: 'pending', 'on hold': 'pending',
  assigned: 'assigned', 'in progress': 'in_progress', resolved: 'resolved', ferme: 'closed',
};

export function statusOf(value: string): Status | null {
  return STATUS_WORDS[fold(value)] ?? null;
}

/** A GLPI-like 1 (very low) .. 6 (major) rank from a code or a label; Zendesk words fold onto the same ranks. */
const RANK_WORDS: Record<string, number> = {
  'tres basse': 1, 'tres bas': 1, 'very low': 1,
  basse: 2, bas: 2, low: 2,
  moyenne: 3, moyen: 3, medium: 3, normal: 3, normale: 3,
  haute: 4, haut: 4, high: 4,
  'tres haute': 5, 'tres haut': 5, 'very high': 5, urgent: 5, urgente: 5,
  majeure: 6, majeur: 6, major: 6,
};

export function rankOf(value: string): number | null {
  const folded = fold(value);
  if (/^[1-6]$/.test(folded)) return Number(folded);
  return RANK_WORDS[folded] ?? null;
}

/** GLPI urgency or impact (1..5, 6 taken as 5) onto Atelier's 1 (high) .. 3 (low). */
export function levelOfRank(rank: number): Impact & Urgency {
  return rank >= 4 ? 1 : rank === 3 ? 2 : 3;
}

/** A priority alone as the impact and urgency pair giving the same rank (see the header). */
export function pairOfPriorityRank(rank: number): { impact: Impact; urgency: Urgency } {
  if (rank >= 5) return { impact: 1, urgency: 1 };
  if (rank === 4) return { impact: 2, urgency: 1 };
  if (rank === 3) return { impact: 2, urgency: 2 };
  if (rank === 2) return { impact: 3, urgency: 2 };
  return { impact: 3, urgency: 3 };
}

const KIND_WORDS: Record<string, TicketKind> = {
  '1': 'incident', '2': 'request',
  incident: 'incident', demande: 'request', request: 'request', question: 'request', task: 'request', tache: 'request',
  problem: 'problem', probleme: 'problem',
};

export function kindOf(value: string): TicketKind | null {
  return KIND_WORDS[fold(value)] ?? null;
}

export type DateOrder = 'ymd' | 'dmy' | 'mdy';

const NUMERIC_DATE = /^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A date as helpdesks write it, as an ISO instant. ISO with an offset is taken as is; "2024-10-21 15:31[:46]",
 * "21/10/2024 15:31" and the like are local time of this machine (GLPI writes its server's local time), read in
 * `order` when the year is not first. Null when it is not a date.
 */
export function parseDate(value: string, order: DateOrder): string | null {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const ms = Date.parse(text);
    return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
  }
  const m = NUMERIC_DATE.exec(text);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [y, mo, d] = (m[1] ?? '').length === 4 ? [a, b, c] : order === 'mdy' ? [c, a, b] : [c, b, a];
  const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null;
  const date = new Date(y, mo - 1, d, h, mi, s);
  if (date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date.toISOString();
}

/** Which order the dates of a column are in, from the values themselves (a day over 12 tells); null: cannot tell. */
export function guessDateOrder(values: readonly string[]): DateOrder | null {
  for (const value of values) {
    const m = NUMERIC_DATE.exec(value.trim());
    if (!m) continue;
    if ((m[1] ?? '').length === 4) return 'ymd';
    if (Number(m[1]) > 12) return 'dmy';
    if (Number(m[2]) > 12) return 'mdy';
  }
  return null;
}

/** "Matériel > Imprimante" (GLPI's full category name) as Atelier's path "materiel/imprimante". */
export function categoryPathOf(value: string): string | null {
  const segments = value
    .split(/\s*[>/]\s*/)
    .map((s) => fold(s).replace(/ /g, '-'))
    .filter((s) => s !== '');
  return segments.length > 0 ? segments.join('/') : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#039': "'" };

/** GLPI stores descriptions as HTML, entity-encoded in its API: plain text with paragraphs kept. */
export function htmlToText(value: string): string {
  const decode = (s: string) =>
    s.replace(/&(#x?[0-9a-f]+|[a-z]+|#039);/gi, (whole, name: string) => {
      const lower = name.toLowerCase();
      if (lower in ENTITIES) return ENTITIES[lower] ?? whole;
      if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
      if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)));
      return whole;
    });
  const TAG = /<[a-z/!][^>]*>/i;
  // The API encodes the HTML itself (&#60;p&#62;): undo that layer first, then drop tags, then decode the text.
  const html = !TAG.test(value) && /&(#60|lt);\/?(p|div|br|span|ul|ol|li|h[1-6]|strong|em|a)\b/i.test(value) ? decode(value) : value;
  if (!TAG.test(html)) return decode(html).trim();
  return decode(
    html
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
