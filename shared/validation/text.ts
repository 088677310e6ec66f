import { z } from 'zod';
import { problemEn, type ProblemKey } from './messages.en';

/** A problem's words as data: a key of messages.en.ts / messages.fr.ts and its parameters. */
export const ProblemText = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ProblemText = z.infer<typeof ProblemText>;
export type ProblemParams = Readonly<Record<string, string | number>>;

/** Parameters that name a value's type: shown in the reader's language (`type_string`, ...). */
const TYPE_PARAMS = ['expected', 'received', 'got'];

/** Looks a key up with its parameters, i18next's way (`{{name}}`); `translate` is i18next's `t` in the UI. */
export type Translate = (key: string, params: ProblemParams) => string;

/**
 * A problem in the reader's language: the one formatter behind the editors (i18next) and the CLI (English).
 * A key the catalogue lacks falls back to the English message the validator wrote.
 */
export function localizeProblem(text: ProblemText | undefined, fallback: string, translate: Translate, has: (key: string) => boolean): string {
  if (!text || !has(text.key)) return fallback;
  const params: Record<string, string | number> = { ...text.params };
  for (const name of TYPE_PARAMS) {
    const value = params[name];
    if (typeof value === 'string' && has(`type_${value}`)) params[name] = translate(`type_${value}`, {});
  }
  return translate(text.key, params);
}

export function interpolate(template: string, params: ProblemParams): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

const english: Translate = (key, params) => interpolate(problemEn[key as ProblemKey], params);
const hasEnglish = (key: string) => Object.hasOwn(problemEn, key);

/** The English wording (the CLI, logs, and the `message` every problem also carries). */
export function englishProblem(text: ProblemText): string {
  return localizeProblem(text, text.key, english, hasEnglish);
}

/** A problem's text and its English message, side by side, as the validators return them. */
export function said(key: ProblemKey, params: ProblemParams = {}): { readonly message: string; readonly text: ProblemText } {
  const text = { key, params: { ...params } };
  return { message: englishProblem(text), text };
}

/** A schema's own wording, by key; zod-issue.ts finds the key again from the message. */
export function hint(key: ProblemKey & `hint${string}`): string {
  return problemEn[key];
}

const HINT_KEYS = new Map<string, ProblemKey>(
  (Object.keys(problemEn) as ProblemKey[]).filter((k) => k.startsWith('hint') && !problemEn[k].includes('{{')).map((k) => [problemEn[k], k]),
);

/** The key of a schema's own wording (see `hint`), or undefined for a message of zod's. */
export function hintKey(message: string): ProblemKey | undefined {
  return HINT_KEYS.get(message);
}
