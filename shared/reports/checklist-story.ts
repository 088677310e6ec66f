/**
 * What a checklist run on a ticket tells a reader, shared by the incident report and the procedure drafted
 * from a ticket: each question once with the answer taken, each probe once as a reading in words, the
 * instructions done, the conclusion. The run's marks (start, applied) and steps gone back over are not rows;
 * skipped steps were not taken and are left out.
 */
import type { Language } from '../contract/app';
import { probeDeclaration } from '../checklists/probes';
import { readingInWords } from '../checklists/reading-words';
import type { ChecklistDocument } from '../checklists/schema';
import type { LocalizedText } from '../checklists/text';
import type { ChecklistResult } from '../tickets/model';

/** What a checklist step looked like when it was run (the core reads the checklist store). */
export interface StepInfo {
  label: LocalizedText;
  diagnosis?: LocalizedText;
  /** The probe a probe step runs, for the units of its reading. */
  probe?: string;
  /** A question's answers in order, so a recorded answer index reads as its label. */
  answers?: readonly LocalizedText[];
}
export type StepLookup = (checklistId: string, version: number, stepId: string) => StepInfo | undefined;

/** What a reader needs of one step of a checklist version: its words, a question's answers, a probe's name. */
export function stepInfoOf(doc: ChecklistDocument, stepId: string): StepInfo | undefined {
  const step = doc.steps.find((s) => s.id === stepId);
  if (!step) return undefined;
  switch (step.kind) {
    case 'conclusion':
      return { label: step.diagnosis, diagnosis: step.diagnosis };
    case 'probe':
      return { label: step.text ?? probeDeclaration(step.probe)?.title ?? { fr: step.probe, en: step.probe }, probe: step.probe };
    case 'question':
      return { label: step.text, answers: step.answers.map((answer) => answer.label) };
    default:
      return { label: step.text };
  }
}

export type StoryKind = 'question' | 'probe' | 'instruction' | 'conclusion' | 'result';

export interface StoryLine {
  kind: StoryKind;
  /** The question, the check or the instruction, in the reader's language. */
  step: string;
  /** The answer taken, the probe's verdict, done/failed, or the diagnosis for a conclusion. */
  outcome: string;
  /** A probe's reading in words; a note recorded by hand. */
  detail: string;
}

const WORDS: Record<Language, Record<string, string>> = {
  fr: { pass: 'conforme', warn: 'à surveiller', fail: 'en défaut', info: 'relevé', skipped: 'non fait', unavailable: 'non mesuré', done: 'fait', failed: 'échec', conclusion: 'Conclusion' },
  en: { pass: 'passed', warn: 'warning', fail: 'failed', info: 'noted', skipped: 'skipped', unavailable: 'not measured', done: 'done', failed: 'failed', conclusion: 'Conclusion' },
};

export function outcomeLabel(outcome: string, lang: Language): string {
  return WORDS[lang][outcome] ?? outcome;
}

/**
 * One record as a reader reads it, alone (the ticket's timeline tells each record): null for the records
 * that are marks of the run rather than things found (start, back, skipped).
 */
/** A checklist record as an event carries it (the ticket's `checklist` list adds who and when). */
export type ChecklistRecord = Pick<ChecklistResult, 'checklistId' | 'checklistVersion' | 'stepId' | 'outcome' | 'reading' | 'note' | 'runId' | 'mark' | 'label'>;

export function recordLine(r: ChecklistRecord, info: StepInfo | undefined, lang: Language): StoryLine | null {
  const stepText = info?.label[lang] ?? r.stepId;
  const mark = r.mark;
  if (!mark) {
    // Recorded by hand or by an older device: its outcome and text as stored.
    if (info?.diagnosis) return { kind: 'conclusion', step: WORDS[lang].conclusion as string, outcome: info.diagnosis[lang], detail: r.note ?? '' };
    return { kind: 'result', step: stepText, outcome: outcomeLabel(r.outcome, lang), detail: [r.reading, r.note].filter(Boolean).join(' — ') };
  }
  switch (mark.kind) {
    case 'start':
    case 'skipped':
    case 'back':
      return null;
    case 'answer': {
      const answer = info?.answers?.[mark.answer]?.[lang] ?? r.label?.[lang] ?? `#${mark.answer + 1}`;
      return { kind: 'question', step: stepText, outcome: answer, detail: '' };
    }
    case 'instruction':
      return { kind: 'instruction', step: stepText, outcome: outcomeLabel(mark.outcome, lang), detail: '' };
    case 'probe': {
      const fields = info?.probe ? probeDeclaration(info.probe)?.reading : undefined;
      return { kind: 'probe', step: stepText, outcome: outcomeLabel(mark.result, lang), detail: readingInWords(mark.reading, lang, fields) };
    }
    case 'applied': {
      const diagnosis = info?.diagnosis?.[lang] ?? r.label?.[lang] ?? stepText;
      return { kind: 'conclusion', step: WORDS[lang].conclusion as string, outcome: diagnosis, detail: '' };
    }
  }
}

export function checklistStory(results: readonly ChecklistResult[], lookup: StepLookup, lang: Language): StoryLine[] {
  const out: StoryLine[] = [];
  // Lines of each run in progress, so a `back` takes back that run's last line only.
  const runs = new Map<string, StoryLine[]>();
  for (const r of results) {
    const line = recordLine(r, lookup(r.checklistId, r.checklistVersion, r.stepId), lang);
    if (!r.mark) {
      if (line) out.push(line);
      continue;
    }
    const lines = runs.get(r.runId ?? '') ?? [];
    if (!runs.has(r.runId ?? '')) runs.set(r.runId ?? '', lines);
    if (r.mark.kind === 'back') {
      const last = lines.pop();
      if (last) out.splice(out.lastIndexOf(last), 1);
      continue;
    }
    if (!line) continue;
    // A conclusion applied closes the story of its run: it is not taken back by a later `back`.
    if (r.mark.kind !== 'applied') lines.push(line);
    out.push(line);
  }
  return out;
}
