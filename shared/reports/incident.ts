/**
 * The incident report a requester receives once their ticket is resolved, as an editable draft: the
 * technician reads and changes every text before it is final. Built only from what the requester may see:
 * internal comments are never read here (nor worklog notes, which are the team's own).
 */
import { z } from 'zod';
import { Language } from '../contract/app';
import type { InventorySnapshot } from '../inventory';
import { badgeText, formatBytes, healthBadges } from '../inventory';
import { hlcWallMs, type Ticket } from '../tickets';
import { adviceFor } from './advice';
import { checklistStory, type StepLookup } from './checklist-story';
import { guessLanguage } from './language';

const Text = (max: number) => z.string().trim().max(max);

export const ReportStep = z.object({ step: Text(500), outcome: Text(2_000), reading: Text(2_000) }).strict();
export type ReportStep = z.infer<typeof ReportStep>;

export const IncidentReportDraft = z
  .object({
    lang: Language,
    ref: Text(80),
    title: Text(200).min(1, 'the report needs a title'),
    requester: Text(200),
    site: Text(200),
    asset: Text(200),
    openedMs: z.number(),
    resolvedMs: z.number().nullable(),
    reported: Text(20_000),
    found: Text(20_000),
    checklist: z.array(ReportStep).max(200),
    inventory: z.array(Text(500)).max(50),
    rootCause: Text(2_000),
    done: Text(20_000),
    parts: z.array(z.object({ name: Text(200), quantity: z.int().min(1) }).strict()).max(200),
    advice: Text(5_000),
    workMinutes: z.int().min(0),
    travelMinutes: z.int().min(0),
    technician: Text(200),
  })
  .strict();
export type IncidentReportDraft = z.infer<typeof IncidentReportDraft>;

export interface DraftSources {
  ticket: Ticket;
  ref: string;
  /** Who resolved it (the `resolved` event's actor), else the assignee. */
  technician: string | null;
  step: StepLookup;
  snapshots: readonly InventorySnapshot[];
  lang?: Language;
}

export function draftIncidentReport(src: DraftSources): IncidentReportDraft {
  const { ticket } = src;
  const lang = src.lang ?? guessLanguage(`${ticket.title}\n${ticket.description}`);
  const story = checklistStory(ticket.checklist, src.step, lang);
  const diagnoses = [...new Set(story.filter((line) => line.kind === 'conclusion').map((line) => line.outcome))];
  const publicNotes = ticket.comments.filter((c) => !c.internal).map((c) => c.text);
  const resolvedEntry = ticket.statusHistory.findLast((entry) => entry.status === 'resolved');
  const parts = new Map<string, number>();
  for (const log of ticket.worklogs) for (const part of log.parts) parts.set(part.name, (parts.get(part.name) ?? 0) + part.quantity);
  const minutes = (kind: 'work' | 'travel') => ticket.worklogs.filter((w) => w.kind === kind).reduce((sum, w) => sum + w.minutes, 0);
  return {
    lang,
    ref: src.ref,
    title: ticket.title,
    requester: ticket.requester ?? '',
    site: ticket.site ?? '',
    asset: ticket.asset ?? '',
    openedMs: hlcWallMs(ticket.createdAt),
    resolvedMs: resolvedEntry ? hlcWallMs(resolvedEntry.at) : null,
    reported: ticket.description || ticket.title,
    found: [...diagnoses, ...publicNotes].join('\n\n'),
    checklist: story
      .filter((line) => line.kind !== 'conclusion')
      .map((line) => ({ step: firstSentence(line.step), outcome: line.outcome, reading: line.detail })),
    inventory: src.snapshots.flatMap((s) => inventoryFacts(s, lang)),
    rootCause: ticket.resolution?.rootCause ?? '',
    done: ticket.resolution?.text ?? '',
    parts: [...parts].map(([name, quantity]) => ({ name, quantity })),
    advice: adviceFor(ticket.category, lang),
    workMinutes: minutes('work'),
    travelMinutes: minutes('travel'),
    technician: src.technician ?? ticket.assignee ?? '',
  };
}

/** The few machine facts a requester can relate to: which computer, which system, disks and their health. */
export function inventoryFacts(s: InventorySnapshot, lang: Language): string[] {
  const label = (fr: string, en: string) => (lang === 'fr' ? `${fr} : ` : `${en}: `);
  const out: string[] = [];
  const sys = s.sections.system.data;
  const machine = [sys.manufacturer, sys.model].filter(Boolean).join(' ');
  if (machine) out.push(`${label('Poste', 'Computer')}${machine}${sys.serial ? ` (${lang === 'fr' ? 'n° de série' : 'serial'} ${sys.serial})` : ''}`);
  const os = s.sections.os.data;
  const system = [os.distribution, os.version].filter(Boolean).join(' ');
  if (system) out.push(`${label('Système', 'System')}${system}`);
  const memory = s.sections.memory.data.totalBytes;
  if (memory) out.push(`${label('Mémoire', 'Memory')}${formatBytes(memory, lang)}`);
  const health = { passed: lang === 'fr' ? 'OK' : 'passed', failing: lang === 'fr' ? 'en échec' : 'failing', unknown: '?' };
  for (const disk of s.sections.disks.data) {
    const name = [disk.vendor, disk.model].filter(Boolean).join(' ') || disk.name || '?';
    const size = disk.sizeBytes ? ` ${formatBytes(disk.sizeBytes, lang)}` : '';
    out.push(`${label('Disque', 'Disk')}${name}${size}${disk.smart ? `, SMART ${health[disk.smart.health]}` : ''}`);
  }
  for (const badge of healthBadges(s)) out.push(badgeText(badge, lang));
  return out;
}

/** A step's instruction can be a paragraph; the requester needs its first sentence. */
function firstSentence(text: string): string {
  const cut = text.search(/[.!?](\s|$)/);
  const sentence = cut === -1 ? text : text.slice(0, cut + 1);
  return sentence.length > 180 ? `${sentence.slice(0, 177)}…` : sentence;
}
