/**
 * What a checklist run on a ticket tells a reader, shared by the incident report and the procedure drafted
 * from a ticket: each question once with the answer taken, each probe once as a reading in words, the
 * instructions done, the conclusion. The run's marks (start, applied) and steps gone back over are not rows;
 * skipped steps were not taken and are left out.
 */
import type { Language } from '../contract/app';
import { probeDeclaration } from '../checklists/probes';
import { readingInWords } from '../checklists/reading-words';
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

export function checklistStory(results: readonly ChecklistResult[], lookup: StepLookup, lang: Language): StoryLine[] {
  const out: StoryLine[] = [];
  // Lines of each run in progress, so a `back` takes back that run's last line only.
  const runs = new Map<string, StoryLine[]>();
  for (const r of results) {
    const info = lookup(r.checklistId, r.checklistVersion, r.stepId);
    const stepText = info?.label[lang] ?? r.stepId;
    const mark = r.mark;
    if (!mark) {
      // Recorded by hand or by an older device: its outcome and text as stored.
      if (info?.diagnosis) {
        out.push({ kind: 'conclusion', step: WORDS[lang].conclusion as string, outcome: info.diagnosis[lang], detail: r.note ?? '' });
        continue;
      }
      out.push({ kind: 'result', step: stepText, outcome: outcomeLabel(r.outcome, lang), detail: [r.reading, r.note].filter(Boolean).join(' — ') });
      continue;
    }
    const lines = runs.get(r.runId ?? '') ?? [];
    if (!runs.has(r.runId ?? '')) runs.set(r.runId ?? '', lines);
    const push = (line: StoryLine) => {
      lines.push(line);
      out.push(line);
    };
    switch (mark.kind) {
      case 'start':
      case 'skipped':
        break;
      case 'back': {
        const last = lines.pop();
        if (last) out.splice(out.lastIndexOf(last), 1);
        break;
      }
      case 'answer': {
        const answer = info?.answers?.[mark.answer]?.[lang] ?? r.label?.[lang] ?? `#${mark.answer + 1}`;
        push({ kind: 'question', step: stepText, outcome: answer, detail: '' });
        break;
      }
      case 'instruction':
        push({ kind: 'instruction', step: stepText, outcome: outcomeLabel(mark.outcome, lang), detail: '' });
        break;
      case 'probe': {
        const fields = info?.probe ? probeDeclaration(info.probe)?.reading : undefined;
        push({ kind: 'probe', step: stepText, outcome: outcomeLabel(mark.result, lang), detail: readingInWords(mark.reading, lang, fields) });
        break;
      }
      case 'applied': {
        const diagnosis = info?.diagnosis?.[lang] ?? r.label?.[lang] ?? stepText;
        out.push({ kind: 'conclusion', step: WORDS[lang].conclusion as string, outcome: diagnosis, detail: '' });
        break;
      }
    }
  }
  return out;
}
