/**
 * "Turn this resolution into a procedure": the path a technician took on a resolved ticket (checklist
 * steps with their readings), its resolution and root cause, as a draft article an N2 edits and publishes.
 */
import type { Language } from '../contract/app';
import { guessLanguage } from '../reports/language';
import { checklistStory, type StepLookup } from '../reports/checklist-story';
import type { HostCommands } from '../ssh/command-line';
import type { Ticket } from '../tickets/model';
import { PURPOSE_LABELS, PURPOSE_TO_WRITE, purposeOf } from './command-purpose';
import type { ArticleFields } from './model';

const T = {
  fr: { title: 'Procédure', findings: 'Constats', symptoms: 'Symptômes', path: 'Vérifications (parcours suivi)', resolution: 'Résolution', cause: 'Cause', source: 'Tiré du ticket', none: 'Aucune étape de checklist enregistrée.', commands: 'Commandes exécutées sur' },
  en: { title: 'Procedure', findings: 'Findings', symptoms: 'Symptoms', path: 'Checks (path taken)', resolution: 'Resolution', cause: 'Root cause', source: 'From ticket', none: 'No checklist step was recorded.', commands: 'Commands run on' },
};

/** Markdown-safe inline text: no HTML tags, no accidental emphasis from a reading. */
const inline = (s: string) => s.replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›')).replace(/([*_`[\]])/g, '\\$1').replace(/\s*\n\s*/g, ' ');

/** A command as inline code: fenced with more backticks than it holds, on one line. */
function codeSpan(command: string): string {
  const text = command.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return longest > 0 ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

export function procedureFromTicket(
  ticket: Ticket,
  ref: string,
  step: StepLookup,
  options: { lang?: Language; commands?: readonly HostCommands[] } = {},
): Pick<ArticleFields, 'title' | 'body' | 'kind' | 'category' | 'tags' | 'checklistIds' | 'ticketIds'> {
  const lang = options.lang ?? guessLanguage(`${ticket.title}\n${ticket.description}`);
  const L = T[lang];
  const lines: string[] = [`## ${L.symptoms}`, '', inline(ticket.description || ticket.title), '', `## ${L.path}`, ''];
  const story = checklistStory(ticket.checklist, step, lang);
  if (story.length === 0) lines.push(`_${L.none}_`);
  story.forEach((line, i) => {
    const detail = line.detail ? ` — ${inline(line.detail)}` : '';
    lines.push(`${i + 1}. **${inline(line.step)}** — ${inline(line.outcome)}${detail}`);
  });
  // What the technician wrote for the requester (internal notes stay on the ticket).
  const findings = ticket.comments.filter((c) => !c.internal).map((c) => `- ${inline(c.text)}`);
  if (findings.length) lines.push('', `## ${L.findings}`, '', ...findings);
  // From the ticket's recorded terminal sessions: what the screen showed, never what was typed unseen.
  // Each command with what it is for, so an N1 knows why to run it and what to read in its output.
  for (const { host, commands } of options.commands ?? []) {
    if (commands.length === 0) continue;
    lines.push('', `## ${L.commands} ${inline(host)}`, '');
    commands.forEach((command, i) => {
      const purpose = purposeOf(command, lang) ?? PURPOSE_TO_WRITE[lang];
      const label = PURPOSE_LABELS[lang];
      const colon = lang === 'fr' ? ' : ' : ': ';
      lines.push(`${i + 1}. ${codeSpan(command)}`, `   - ${label.why}${colon}${inline(purpose.why)}`, `   - ${label.lookFor}${colon}${inline(purpose.lookFor)}`);
    });
  }
  if (ticket.resolution) {
    lines.push('', `## ${L.resolution}`, '', ticket.resolution.text, '', `## ${L.cause}`, '', ticket.resolution.rootCause);
  }
  lines.push('', `_${L.source} ${ref}._`);
  return {
    title: `${L.title} : ${ticket.title}`.replace(' : ', lang === 'fr' ? ' : ' : ': ').slice(0, 200),
    body: lines.join('\n'),
    kind: ticket.resolution ? 'resolution' : 'investigation',
    category: ticket.category,
    tags: ticket.category ? [ticket.category.split('/').at(-1) as string] : [],
    checklistIds: [...new Set(ticket.checklist.map((r) => r.checklistId))],
    ticketIds: [ticket.id],
  };
}
